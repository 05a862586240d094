package org.cutmixsl.spark.job;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.cutmixsl.model.train.TrainingDivergedException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A run whose numbers stop being finite fails where that first shows, with a message naming the round and the
 * step, rather than rounds later in whatever next reads the numbers; and the run it leaves is not marked complete.
 */
class ADivergingRunStopsWhereItDiverges {

    @TempDir
    Path out;

    @Test
    void anAbsurdLearningRateFailsOnTheFirstLossThatIsNotFinite() {
        // Adam moves every weight by about lr per step: 1e30 overflows the body's products after one step.
        RuntimeException e = assertThrows(RuntimeException.class, () -> TrainingRuns.train(TrainingRuns.config(
                "method=psl", "train.rounds=4", "eval.every=4", "server.optim.lr=1e30", "server.optim.warmupSteps=0"),
                out, false));
        TrainingDivergedException diverged = find(e);
        assertTrue(diverged.getMessage().matches("round [1-3] step 0: the server's loss is (NaN|Infinity|-Infinity):"
                + " training diverged .*"), diverged.getMessage());
        assertTrue(Files.notExists(out.resolve("_SUCCESS")));
    }

    private static TrainingDivergedException find(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (c instanceof TrainingDivergedException d) {
                return d;
            }
        }
        throw new AssertionError("no TrainingDivergedException in the chain", t);
    }
}
