package org.cutmixsl.spark.study;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * study.tune.widenLr: a best lr at an edge of the lrs tried adds the ladder's next lr beyond that edge; a best lr
 * inside them, at the ladder's end or without a ladder adds nothing; a ladder out of order, or one that misses a
 * grid lr, is refused naming the key.
 */
class StudyConfigWidensTheLrGridAlongItsLadder {

    @TempDir
    Path tmp;

    private StudyConfig load(String tune) throws IOException {
        Path file = tmp.resolve("study.conf");
        Files.writeString(file, "study { clients = [4], tune { enabled = true, " + tune + " } }\n"
                + "data { serverHoldout = 100, validation = 100 }\n");
        return StudyConfig.load(file.toString());
    }

    @Test
    void anEdgeChoiceAddsTheNextLrBeyondIt() throws IOException {
        StudyConfig study = load("lr = [0.002, 0.005], warmupSteps = [10, 50], widenLr = [0.001, 0.002, 0.005, 0.01]");
        assertEquals(List.of(0.001, 0.002, 0.005, 0.01), study.lrLadder);
        assertEquals(List.of(10, 50), study.warmups());
        assertEquals(List.of(0.001), study.widerLr(Set.of(0.002, 0.005), 0.002));
        assertEquals(List.of(0.01), study.widerLr(Set.of(0.002, 0.005), 0.005));
        assertTrue(study.widerLr(Set.of(0.001, 0.002, 0.005), 0.002).isEmpty(), "inside the lrs tried");
        assertEquals(List.of(0.001, 0.005), study.widerLr(Set.of(0.002), 0.002), "one lr tried: both neighbours");
        assertTrue(study.widerLr(Set.of(0.001, 0.002), 0.001).isEmpty(), "at the ladder's low end");
        assertTrue(study.widerLr(Set.of(0.005, 0.01), 0.01).isEmpty(), "at the ladder's high end");
    }

    @Test
    void withoutALadderTheGridStaysAsGiven() throws IOException {
        StudyConfig study = load("lr = [0.002, 0.005], warmupSteps = [10]");
        assertTrue(study.lrLadder.isEmpty());
        assertTrue(study.widerLr(Set.of(0.002, 0.005), 0.002).isEmpty());
    }

    @Test
    void aLadderOutOfOrderOrMissingAGridLrIsRefused() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> load("lr = [0.002], warmupSteps = [10], widenLr = [0.002, 0.001]"));
        assertTrue(e.getMessage().contains("study.tune.widenLr = [0.002, 0.001]: expected learning rates > 0 in"
                + " increasing order"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> load("lr = [0.003], warmupSteps = [10], widenLr = [0.001, 0.002]"));
        assertTrue(e.getMessage().contains("study.tune.lr contains 0.003, which is not on study.tune.widenLr"),
                e.getMessage());
    }
}
