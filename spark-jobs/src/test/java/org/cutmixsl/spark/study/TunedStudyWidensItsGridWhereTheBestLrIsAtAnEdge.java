package org.cutmixsl.spark.study;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import org.cutmixsl.spark.TinyStudy;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A tuned study on real Fashion-MNIST whose grid has two lrs, so that its first choice is at an edge of the lrs
 * tried whichever wins: it widens along study.tune.widenLr, and ends with a choice inside the lrs it tried or at the
 * ladder's end, every lr tried next to another on the ladder, and tuning.csv listing every run it tried.
 */
class TunedStudyWidensItsGridWhereTheBestLrIsAtAnEdge {

    private static final List<Double> LADDER = List.of(1e-7, 0.004, 0.008, 0.016);

    @TempDir
    Path tmp;

    @Test
    void theChoiceEndsInsideTheLrsTriedOrAtTheLaddersEnd() throws IOException {
        Path config = tmp.resolve("widen.conf");
        Files.writeString(config, """
                study {
                  name = "widen"
                  variants = [ { name = psl, method = psl } ]
                  clients = [4]
                  shares = [iid]
                  seeds = [1]
                  dataSeed = 7
                  dataDir = "%s"
                  attack = false
                  tune {
                    enabled = true, lr = [0.004, 0.008], warmupSteps = [1], widenLr = [1e-7, 0.004, 0.008, 0.016]
                  }
                }
                data.validation = 400
                clients.batchSize = 16
                train.rounds = 2
                eval { every = 2, testImages = 200 }
                checkpoint.every = 2
                spark.partitions = 2
                """.formatted(tmp.resolve("data")));
        TinyStudy.Launch launch = TinyStudy.launch(config, tmp.resolve("study"));
        assertEquals(0, launch.failed(), launch.err());
        assertTrue(launch.out().matches("(?s).*cell psl: its best lr so far, lr0\\.00[48]-wu1, is at the edge of the"
                + " lrs tried: trying lr (0\\.0000001|0\\.016) too.*"), launch.out());

        List<String> lines = Files.readAllLines(tmp.resolve("study").resolve(Tuning.CSV));
        TreeSet<Double> tried = new TreeSet<>();
        double chosen = Double.NaN;
        for (String line : lines.subList(1, lines.size())) {
            String[] cells = line.split(",");
            double lr = Double.parseDouble(cells[4]);
            tried.add(lr);
            if (Boolean.parseBoolean(cells[7])) {
                chosen = lr;
            }
        }
        assertTrue(tried.size() >= 3, "the two-lr grid widened: " + lines);
        assertEquals(tried.size(), lines.size() - 1, "one warm-up, one run per lr: " + lines);
        List<Double> onLadder = new ArrayList<>(LADDER.subList(LADDER.indexOf(tried.first()),
                LADDER.indexOf(tried.last()) + 1));
        assertEquals(onLadder, new ArrayList<>(tried), "the lrs tried are neighbours on the ladder");
        boolean inside = chosen > tried.first() && chosen < tried.last();
        boolean ladderEnd = chosen == LADDER.get(0) || chosen == LADDER.get(LADDER.size() - 1);
        assertTrue(inside || ladderEnd, "chosen " + chosen + " of " + tried);
    }
}
