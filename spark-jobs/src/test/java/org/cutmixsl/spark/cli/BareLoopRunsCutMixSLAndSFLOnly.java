package org.cutmixsl.spark.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.cutmixsl.spark.method.SplitMethods;
import org.junit.jupiter.api.Test;
import picocli.CommandLine.TypeConversionException;

/**
 * Which methods bare-train and bench spark accept follows from the methods' traits: the bare loop runs CutMixSL
 * and SFL; PSL is refused saying why, every other method (and an unknown name) saying where it runs.
 */
class BareLoopRunsCutMixSLAndSFLOnly {

    @Test
    void theBareLoopRunsCutMixSLAndSFL() {
        assertEquals(List.of("sfl", "cutmixsl"), SplitMethods.NAMES.stream()
                .filter(n -> BareTrain.runsInTheBareLoop(SplitMethods.traits(n))).toList());
    }

    @Test
    void bareTrainAcceptsThemAndRefusesTheRest() {
        BareTrain.Method converter = new BareTrain.Method();
        assertEquals("cutmixsl", converter.convert("CutMixSL"));
        assertEquals("sfl", converter.convert("sfl"));
        assertTrue(assertThrows(TypeConversionException.class, () -> converter.convert("psl")).getMessage()
                .startsWith("PSL keeps a head per client"));
        for (String other : List.of("centralized", "sl", "mixsl", "dp-cutmixsl", "fedsgd")) {
            assertEquals("bare-train runs cutmixsl or sfl; every method runs in the Spark job (bin/cutmixsl train"
                    + " --set method=...)", assertThrows(TypeConversionException.class,
                    () -> converter.convert(other)).getMessage(), other);
        }
    }
}
