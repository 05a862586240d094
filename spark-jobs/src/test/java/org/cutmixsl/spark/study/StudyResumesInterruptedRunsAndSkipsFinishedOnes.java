package org.cutmixsl.spark.study;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.cutmixsl.spark.TinyStudy;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A study launched three times (the tiny study): the first launch's CutMixSL runs crash after round 1 and are
 * reported as failed while the others finish; the second launch resumes them from their checkpoints and keeps
 * the finished runs; the third does no training and no attack at all, and changes no file. Bad study files fail
 * before any run, naming the key.
 */
class StudyResumesInterruptedRunsAndSkipsFinishedOnes {

    @TempDir
    Path scratch;

    @Test
    void interruptedRunsAreReportedAndTheOthersFinish() {
        TinyStudy.Launch first = TinyStudy.get().interrupted();
        assertEquals(2, first.failed(), first.err());
        assertTrue(first.err().contains("cutmixsl-n4-iid-s1: failed"), first.err());
        assertTrue(first.err().contains("cutmixsl-n4-iid-s2: failed"), first.err());
        assertTrue(first.out().matches("(?s).*\\[1/6] psl-n4-iid-s1: acc .*, attack PSNR .* \\| elapsed .*, left ~.*"),
                first.out());
        assertTrue(first.out().contains("[3/6] centralized-n4-iid-s1: acc"), first.out());
        assertTrue(first.out().contains("attack: nothing received"), first.out());
    }

    @Test
    void aSecondLaunchResumesTheInterruptedRunsAndKeepsTheFinishedOnes() throws IOException {
        TinyStudy.Result study = TinyStudy.get();
        TinyStudy.Launch second = study.resumed();
        assertEquals(0, second.failed(), second.err());
        assertTrue(second.out().contains("[1/6] psl-n4-iid-s1: finished earlier, kept"), second.out());
        assertTrue(second.out().contains("[2/6] cutmixsl-n4-iid-s1: acc"), second.out());
        String log = Files.readString(study.dir().resolve("logs/cutmixsl-n4-iid-s1.log"));
        assertTrue(log.contains("resuming") && log.contains("after round 1"), log);
        assertTrue(Files.exists(study.dir().resolve("runs/cutmixsl-n4-iid-s1/_SUCCESS")));
    }

    @Test
    void aThirdLaunchTrainsAndAttacksNothing() throws IOException {
        TinyStudy.Result study = TinyStudy.get();
        TinyStudy.Launch third = study.again();
        assertEquals(0, third.failed());
        assertEquals(6, third.out().split("finished earlier, kept", -1).length - 1, third.out());
        // Nothing in the runs changed, not even a log line.
        Map<String, Long> before = modified(study.dir().resolve("runs"));
        Map<String, Long> logs = modified(study.dir().resolve("logs"));
        TinyStudy.Launch fourth = TinyStudy.launch(study.config(), study.dir());
        assertEquals(0, fourth.failed());
        assertEquals(before, modified(study.dir().resolve("runs")));
        assertEquals(logs, modified(study.dir().resolve("logs")));
    }

    @Test
    void badStudyFilesFailBeforeAnyRunNamingTheKey() throws IOException {
        Path unknown = scratch.resolve("unknown.conf");
        Files.writeString(unknown, "study { clients = [4], sedes = [1] }\n");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> StudyConfig.load(unknown.toString()));
        assertTrue(e.getMessage().contains("unknown study key study.sedes"), e.getMessage());

        Path renamed = scratch.resolve("renamed.conf");
        Files.writeString(renamed, "study { clients = [4], partitions = [iid] }\n");
        e = assertThrows(IllegalArgumentException.class, () -> StudyConfig.load(renamed.toString()));
        assertTrue(e.getMessage().contains("study.partitions was renamed study.shares"), e.getMessage());

        Path runKey = scratch.resolve("run-key.conf");
        Files.writeString(runKey, "study { clients = [4] }\ntrain.epochs = 3\n");
        e = assertThrows(IllegalArgumentException.class, () -> StudyConfig.load(runKey.toString()));
        assertTrue(e.getMessage().contains("unknown configuration key train.epochs"), e.getMessage());

        Path noHoldout = scratch.resolve("no-holdout.conf");
        Files.writeString(noHoldout, "study { clients = [4] }\n");
        e = assertThrows(IllegalArgumentException.class, () -> StudyConfig.load(noHoldout.toString()));
        assertTrue(e.getMessage().contains("set data.serverHoldout > 0"), e.getMessage());

        Path perRound = scratch.resolve("per-round.conf");
        Files.writeString(perRound, "study { clients = [4, 10] }\ndata.serverHoldout = 100\nclients.perRound = 10\n");
        e = assertThrows(IllegalArgumentException.class, () -> StudyConfig.load(perRound.toString()));
        assertTrue(e.getMessage().contains("clients.perRound = 10: more than clients.count = 4"), e.getMessage());

        Path twice = scratch.resolve("twice.conf");
        Files.writeString(twice, "study { variants = [{ name = a, method = psl }, { name = a, method = sfl }] }\n"
                + "data.serverHoldout = 100\n");
        e = assertThrows(IllegalArgumentException.class, () -> StudyConfig.load(twice.toString()));
        assertTrue(e.getMessage().contains("the name a appears twice"), e.getMessage());
    }

    @Test
    void theShippedStudyFilesLoad() {
        StudyConfig small = StudyConfig.load(home("conf/study-small.conf"));
        assertEquals(16, small.plan("data").size());
        assertTrue(small.variants.stream().anyMatch(v -> v.name().equals("cutmixsfl")));
        StudyConfig full = StudyConfig.load(home("conf/study-scalability.conf"));
        assertEquals(8 * 5 * 2 * 3, full.plan("data").size());
        assertFalse(full.plan("data").get(0).config().data.dir.isBlank());
        StudyConfig dp = StudyConfig.load(home("conf/study-dp.conf"));
        assertEquals(7 * 3, dp.plan("data").size());
        assertTrue(dp.plan("data").stream().allMatch(r -> r.config().rounds == 200 && r.config().batchSize == 64),
                "compare-fmnist's settings, included");
        assertTrue(dp.plan("data").stream().anyMatch(r -> r.config().dpTargetEpsilon == 1));
        assertTrue(dp.plan("data").stream().anyMatch(r -> r.config().method.equals("dp-cutmixsl")
                && r.config().dpNoiseMultiplier == 0 && r.config().dpTargetEpsilon == 0));
    }

    private static String home(String relative) {
        return Path.of(System.getProperty("cutmixsl.home", ".."), relative).toString();
    }

    private static Map<String, Long> modified(Path dir) throws IOException {
        Map<String, Long> out = new TreeMap<>();
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path p : (Iterable<Path>) files::iterator) {
                if (Files.isRegularFile(p)) {
                    out.put(dir.relativize(p).toString(), Files.getLastModifiedTime(p).toMillis() * 31 + Files.size(p));
                }
            }
        }
        return out;
    }
}
