package org.cutmixsl.spark.study;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.catalyst.expressions.GenericRowWithSchema;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.cutmixsl.common.io.Location;
import org.cutmixsl.common.math.MeanInterval;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * comparison.csv states mean, sd and 95% CI per method over seeds; head-to-head.csv pairs methods by seed and
 * calls one better only where the paired interval excludes 0, even when the unpaired intervals overlap.
 */
class ComparisonPairsSeedsAndStatesItsVerdict {

    private static final StructType SCHEMA = new StructType()
            .add("variant", DataTypes.StringType).add("regime", DataTypes.StringType)
            .add("clients", DataTypes.IntegerType).add("shares", DataTypes.StringType)
            .add("seed", DataTypes.LongType).add("lr", DataTypes.DoubleType)
            .add("warmup_steps", DataTypes.IntegerType).add("rounds", DataTypes.IntegerType)
            .add("server_steps_per_round", DataTypes.IntegerType)
            .add("test_accuracy", DataTypes.DoubleType).add("validation_accuracy", DataTypes.DoubleType)
            .add("up_mb_per_client_round", DataTypes.DoubleType).add("down_mb_per_client_round", DataTypes.DoubleType)
            .add("sync_mb_total", DataTypes.DoubleType).add("up_mb_total", DataTypes.DoubleType)
            .add("down_mb_total", DataTypes.DoubleType).add("seconds_per_round", DataTypes.DoubleType)
            .add("validation_target", DataTypes.DoubleType).add("rounds_to_validation_target", DataTypes.IntegerType)
            .add("up_mb_per_client_to_validation_target", DataTypes.DoubleType);

    @TempDir
    Path dir;

    private static Row row(String variant, long seed, double accuracy, double lr) {
        return new GenericRowWithSchema(new Object[] {variant, "", 10, "iid", seed, lr, 30, 200, 1, accuracy,
            accuracy - 0.01, 1.0, 1.0, 5.0, 2000.0, 2000.0, 0.5, null, null, null}, SCHEMA);
    }

    @Test
    void pairedDifferencesDecideAndTheTableHasItsColumns() throws IOException {
        List<Row> rows = new ArrayList<>();
        // seeds move both methods together: sd 4 points each, but cutmixsfl is 1 to 2 points ahead on every seed
        double[] sfl = {0.70, 0.78, 0.74};
        double[] mine = {0.715, 0.795, 0.76};
        double[] mixsl = {0.72, 0.76, 0.74};
        for (int s = 0; s < 3; s++) {
            rows.add(row("sfl", s + 1, sfl[s], 0.003));
            rows.add(row("cutmixsfl", s + 1, mine[s], 0.004));
            rows.add(row("mixsl", s + 1, mixsl[s], 0.002));
        }
        Comparison c = Comparison.of(rows, List.of(List.of("cutmixsfl", "sfl"), List.of("mixsl", "sfl")));
        c.write(Location.of(dir.toString()));

        List<String> table = Files.readAllLines(dir.resolve(Comparison.CSV));
        assertTrue(table.get(0).startsWith("method,seeds,test_accuracy_mean,test_accuracy_sd,test_accuracy_ci95_low,"
                + "test_accuracy_ci95_high,"), table.get(0));
        assertTrue(table.get(0).contains("up_mb_per_client_round,down_mb_per_client_round,sync_mb_total,comm_mb_total"));
        String[] first = table.get(1).split(",");
        MeanInterval expected = MeanInterval.of95(List.of(0.70, 0.78, 0.74));
        assertEquals("sfl", first[0]);
        assertEquals("3", first[1]);
        assertEquals(expected.mean(), Double.parseDouble(first[2]), 1e-5);
        assertEquals(0.04, Double.parseDouble(first[3]), 1e-5);
        assertEquals(expected.low(), Double.parseDouble(first[4]), 1e-5);
        assertEquals(expected.high(), Double.parseDouble(first[5]), 1e-5);
        assertTrue(expected.low() < 0.75 && expected.high() > 0.765, "the unpaired intervals overlap");
        assertEquals("0.004", table.get(2).split(",")[9], "each method's own lr is stated");

        List<String> h2h = Files.readAllLines(dir.resolve(Comparison.HEAD_TO_HEAD_CSV));
        assertEquals(3, h2h.size());
        assertTrue(h2h.get(1).startsWith(",10,iid,cutmixsfl,sfl,3,"), h2h.get(1));
        assertTrue(h2h.get(1).endsWith(",better"), h2h.get(1));
        assertTrue(h2h.get(2).endsWith(",no difference shown"), h2h.get(2));
        assertEquals(0.05 / 3, c.pairs().get(0).difference().mean(), 1e-9);
    }

    @Test
    void aMissingSeedOnOneSideIsLeftOutOfThePair() {
        List<Row> rows = new ArrayList<>(List.of(row("sfl", 1, 0.70, 0.003), row("sfl", 2, 0.72, 0.003),
                row("cutmixsfl", 1, 0.71, 0.003), row("cutmixsfl", 2, 0.73, 0.003), row("cutmixsfl", 3, 0.99, 0.003)));
        Comparison c = Comparison.of(rows, List.of(List.of("cutmixsfl", "sfl")));
        assertEquals(2, c.pairs().get(0).difference().n());
        assertEquals(0.01, c.pairs().get(0).difference().mean(), 1e-9);
    }
}
