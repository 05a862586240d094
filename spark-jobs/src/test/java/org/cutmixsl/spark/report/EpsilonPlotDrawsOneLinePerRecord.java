package org.cutmixsl.spark.report;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The report's accuracy against ε: an ε for one image and an ε for one patch token are different guarantees, so
 * each kind of record (results.csv's dp_record) is its own line, sorted by ε, with the mean over seeds; a
 * results.csv written before the column reads as image records, and runs without noise are left out.
 */
class EpsilonPlotDrawsOneLinePerRecord {

    private static Map<String, String> run(String variant, String epsilon, String accuracy, String record) {
        return record == null
                ? Map.of("variant", variant, "epsilon", epsilon, "test_accuracy", accuracy)
                : Map.of("variant", variant, "epsilon", epsilon, "test_accuracy", accuracy, "dp_record", record);
    }

    @Test
    void eachRecordIsItsOwnLineSortedByEpsilon() {
        List<Map<String, String>> runs = new ArrayList<>(List.of(
                run("token-eps16", "16", "0.37", "token"), run("token-eps16", "16", "0.39", "token"),
                run("token-eps1", "1", "0.13", "token"),
                run("image-eps16", "16", "0.16", "image"),
                run("old-image-eps4", "4", "0.18", ""),
                run("cutmixsl", "", "0.74", ""),
                run("dp-noise0", "Infinity", "0.72", "image")));
        ComparisonSection.EpsilonSweep sweep = ComparisonSection.epsilonSweep(runs);
        assertEquals(2, sweep.lines().size());
        Plots.Line token = sweep.lines().get(0);
        assertEquals("one record = one patch token", token.name());
        assertArrayEquals(new double[] {1, 16}, token.x());
        assertArrayEquals(new double[] {13, 38}, token.y(), 1e-9);
        Plots.Line image = sweep.lines().get(1);
        assertEquals("one record = one image", image.name());
        assertArrayEquals(new double[] {4, 16}, image.x(), "an empty dp_record is an image record");
        assertEquals(4, sweep.rows().size(), "one row per DP variant with a finite ε");
        assertEquals(List.of("token-eps16", "token", "16.00"), sweep.rows().get(0).subList(0, 3));
    }

    @Test
    void noFiniteEpsilonNoSweep() {
        assertNull(ComparisonSection.epsilonSweep(List.of(run("cutmixsl", "", "0.74", null),
                run("dp-noise0", "Infinity", "0.72", "image"))));
    }
}
