package org.cutmixsl.spark.study;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.cutmixsl.common.io.FileTrees;
import org.cutmixsl.spark.TestSpark;
import org.cutmixsl.spark.TinyStudy;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A study of more runs than Spark SQL lists on the driver (32 paths, spark.sql.sources.parallelPartitionDiscovery
 * .threshold's default) still gets its results table: with Kryo registration required, Spark's listing job failed
 * a 48-run study ("Class is not registered: org.apache.hadoop.fs.Path[]"). Forty copies of one real run.
 */
class ResultsTableReadsMoreRunsThanSparkListsOnTheDriver {

    @TempDir
    Path study;

    @Test
    void fortyRunsGiveFortyRows() throws IOException {
        Path tiny = TinyStudy.get().dir();
        Path source;
        try (Stream<Path> runs = Files.list(tiny.resolve("runs"))) {
            source = runs.filter(r -> r.getFileName().toString().startsWith("psl")).findFirst().orElseThrow();
        }
        List<ResultsTable.RunInfo> infos = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            String id = "psl-copy-" + i;
            Path to = study.resolve("runs").resolve(id);
            FileTrees.copyRecursively(source, to);
            infos.add(new ResultsTable.RunInfo(id, 0, "psl", "", "psl", "per client", 4, "iid", i, 4, 32, 0.003, 30,
                    1, "runs/" + id, to.toString()));
        }
        ResultsTable.write(TestSpark.session(), study.toString(), infos, Double.NaN);
        assertEquals(1 + 40, Files.readAllLines(study.resolve(ResultsTable.CSV)).size());
    }
}
