package org.cutmixsl.spark.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.cutmixsl.common.cli.ExitCodes;
import org.cutmixsl.common.cli.Subcommand;
import org.junit.jupiter.api.Test;

/** compare's options: a missing or bad value is a configuration error (exit 2) that names the option. */
class CompareRefusesBadOptionsNamingThem {

    private static String[] run(int expectedExit, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = Subcommand.execute(new CompareCommand(), args, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        String[] texts = {out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8)};
        assertEquals(expectedExit, code, texts[1]);
        return texts;
    }

    @Test
    void seedsMustBeAPositiveWholeNumber() {
        assertTrue(run(ExitCodes.BAD_CONFIG, "--out", "x", "--seeds", "0")[1].contains("--seeds 0: expected a whole"
                + " number of seeds, at least 1"));
        assertTrue(run(ExitCodes.BAD_CONFIG, "--out", "x", "--seeds=three")[1].contains("--seeds three"));
    }

    @Test
    void aMissingValueNamesTheOptionInsteadOfAnIndex() {
        String err = run(ExitCodes.BAD_CONFIG, "--out", "x", "--methods")[1];
        assertTrue(err.contains("--methods needs a value"), err);
        assertTrue(!err.contains("out of bounds"), err);
    }

    @Test
    void anUnknownMethodIsNamed() {
        String err = run(ExitCodes.BAD_CONFIG, "--out", "x", "--methods", "psl,cutmix")[1];
        assertTrue(err.contains("method = \"cutmix\": unknown method"), err);
    }

    @Test
    void tuningNeedsAValidationSplit() {
        String err = run(ExitCodes.BAD_CONFIG, "--out", "x", "--methods", "sfl", "--tune")[1];
        assertTrue(err.contains("tuning chooses on validation accuracy") && err.contains("data.validation > 0"), err);
    }
}
