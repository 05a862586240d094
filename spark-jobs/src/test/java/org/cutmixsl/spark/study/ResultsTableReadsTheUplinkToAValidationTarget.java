package org.cutmixsl.spark.study;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.apache.spark.sql.Row;
import org.cutmixsl.common.io.FileTrees;
import org.cutmixsl.common.io.Location;
import org.cutmixsl.spark.TestSpark;
import org.cutmixsl.spark.TinyStudy;
import org.cutmixsl.spark.round.MetricsCodec;
import org.cutmixsl.spark.round.RoundMetrics;
import org.cutmixsl.spark.run.RunDirectory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * With a study's validation target, the results table reads from each run's metrics the first round whose validation
 * accuracy reaches it and the uplink MB per client sent by then; a run that never reaches it has neither, and
 * comparison.csv counts the seeds that did and averages over them. Three copies of one real run (4 clients, 2
 * rounds), each given its own validation curve.
 */
class ResultsTableReadsTheUplinkToAValidationTarget {

    @TempDir
    Path study;

    @Test
    void theFirstRoundAtTheTargetAndItsUplinkPerClient() throws IOException {
        Path tiny = TinyStudy.get().dir();
        Path source;
        try (Stream<Path> runs = Files.list(tiny.resolve("runs"))) {
            source = runs.filter(r -> r.getFileName().toString().startsWith("psl")).findFirst().orElseThrow();
        }
        // validation accuracy after rounds 1 and 2, by seed: reached at round 2, at round 1 (and again after), never
        double[][] curves = {{0.60, 0.72}, {0.71, 0.75}, {0.50, 0.69}};
        List<ResultsTable.RunInfo> infos = new ArrayList<>();
        List<RoundMetrics> recorded = null;
        for (int i = 0; i < curves.length; i++) {
            String id = "psl-s" + (i + 1);
            Path to = study.resolve("runs").resolve(id);
            FileTrees.copyRecursively(source, to);
            RunDirectory run = new RunDirectory(to.toString(),
                    TestSpark.session().sparkContext().hadoopConfiguration());
            recorded = MetricsCodec.read(Location.of(to.toString()));
            List<RoundMetrics> curve = new ArrayList<>();
            for (int r = 0; r < recorded.size(); r++) {
                RoundMetrics m = recorded.get(r);
                curve.add(m.withEvaluation(m.testAccuracy(), m.testAccuracyStd(), curves[i][r], 0, m.secondsEval()));
            }
            MetricsCodec.writeParquet(TestSpark.session(), run, curve);
            infos.add(new ResultsTable.RunInfo(id, 0, "psl", "", "psl", "per client", 4, "iid", i + 1, 4, 32, 0.003,
                    30, 1, "runs/" + id, to.toString()));
        }
        List<Row> rows = ResultsTable.write(TestSpark.session(), study.toString(), infos, 0.7);
        Map<String, Row> byId = new TreeMap<>();
        rows.forEach(r -> byId.put(r.getAs("run_id"), r));
        long[] upTotal = {recorded.get(0).bytesUpTotal(), recorded.get(1).bytesUpTotal()};

        assertEquals(2, byId.get("psl-s1").<Integer>getAs("rounds_to_validation_target").intValue());
        assertEquals(upTotal[1] / 1e6 / 4, byId.get("psl-s1").<Double>getAs("up_mb_per_client_to_validation_target"),
                1e-12);
        assertEquals(1, byId.get("psl-s2").<Integer>getAs("rounds_to_validation_target").intValue());
        assertEquals(upTotal[0] / 1e6 / 4, byId.get("psl-s2").<Double>getAs("up_mb_per_client_to_validation_target"),
                1e-12);
        assertNull(byId.get("psl-s3").getAs("rounds_to_validation_target"), "0.69 never reaches 0.7");
        assertNull(byId.get("psl-s3").getAs("up_mb_per_client_to_validation_target"));
        assertEquals(0.7, byId.get("psl-s3").<Double>getAs("validation_target"), 0);

        Comparison comparison = Comparison.of(rows, List.of());
        Comparison.ToTarget toTarget = comparison.lines().get(0).toTarget();
        assertEquals(2, toTarget.reached(), "two of three seeds reached it");
        assertEquals(1.5, toTarget.rounds(), 1e-12);
        assertEquals((upTotal[0] + upTotal[1]) / 1e6 / 8, toTarget.upMbPerClient().mean(), 1e-12);
        comparison.write(Location.of(study.toString()));
        List<String> csv = Files.readAllLines(study.resolve(Comparison.CSV));
        List<String> header = List.of(csv.get(0).split(","));
        String[] line = csv.get(1).split(",", -1);
        assertEquals("0.700000", line[header.indexOf("validation_target")]);
        assertEquals("2", line[header.indexOf("seeds_reaching_validation_target")]);

        // without a target, the columns are empty
        List<Row> none = ResultsTable.write(TestSpark.session(), study.toString(), infos, Double.NaN);
        none.forEach(r -> assertNull(r.getAs("rounds_to_validation_target")));
    }
}
