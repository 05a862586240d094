package org.cutmixsl.spark.study;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.cutmixsl.spark.TinyStudy;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A tuned study of two variants on real Fashion-MNIST (two grid points, two seeds, one round each) runs cell by cell:
 * the first cell's grid, choice and second seed are all done before the second cell's grid starts, so a study stopped
 * part-way leaves whole cells, and the tables are written after each cell. Its progress lines count the runs of the
 * whole study, in order.
 */
class TunedStudyFinishesEachCellBeforeTheNext {

    @TempDir
    Path tmp;

    @Test
    void theFirstCellsSeedsRunBeforeTheSecondCellsGrid() throws IOException {
        Path config = tmp.resolve("tuned.conf");
        Files.writeString(config, """
                study {
                  name = "two cells"
                  variants = [ { name = psl, method = psl }, { name = sfl, method = sfl } ]
                  clients = [4]
                  shares = [iid]
                  seeds = [1, 2]
                  dataSeed = 7
                  dataDir = "%s"
                  attack = false
                  tune { enabled = true, lr = [0.0005, 0.004], warmupSteps = [1] }
                }
                data.validation = 400
                clients.batchSize = 16
                train.rounds = 1
                eval { every = 1, testImages = 200 }
                checkpoint.every = 1
                spark.partitions = 2
                """.formatted(tmp.resolve("data")));
        TinyStudy.Launch launch = TinyStudy.launch(config, tmp.resolve("study"));
        String out = launch.out();
        assertEquals(0, launch.failed(), launch.err());

        List<String> order = new ArrayList<>();
        Matcher progress = Pattern.compile("(?m)^\\[(\\d)/6] (\\S+): ").matcher(out);
        int expected = 1;
        while (progress.find()) {
            assertEquals(expected++, Integer.parseInt(progress.group(1)), out);
            order.add(progress.group(2));
        }
        assertEquals(6, order.size(), out);
        assertEquals(List.of("psl-n4-iid-s1-lr0.0005-wu1", "psl-n4-iid-s1-lr0.004-wu1"), order.subList(0, 2), out);
        assertTrue(order.get(2).startsWith("psl-n4-iid-s2-lr"), "the first cell's second seed comes third: " + order);
        assertEquals(List.of("sfl-n4-iid-s1-lr0.0005-wu1", "sfl-n4-iid-s1-lr0.004-wu1"), order.subList(3, 5), out);
        assertTrue(order.get(5).startsWith("sfl-n4-iid-s2-lr"), order.toString());
        // The first cell's test accuracy is read before the second cell's grid starts.
        int psl = out.indexOf(": chosen on validation; test accuracy");
        assertTrue(psl > 0 && psl < out.indexOf("[4/6] sfl-n4-iid-s1-lr0.0005-wu1"), out);
        // ... and its tables are written then, not only at the study's end.
        int tables = out.indexOf("cell psl: chosen on validation: psl-n4-iid-s1-lr");
        assertTrue(tables > psl && tables < out.indexOf("[4/6] sfl-n4-iid-s1-lr0.0005-wu1"), out);
        assertTrue(out.substring(tables, out.indexOf('\n', tables)).endsWith(Comparison.CSV + " and "
                + Comparison.HEAD_TO_HEAD_CSV + " updated"), out);
        assertEquals(5, Files.readAllLines(tmp.resolve("study").resolve(Tuning.CSV)).size(), "two cells' grids");
    }
}
