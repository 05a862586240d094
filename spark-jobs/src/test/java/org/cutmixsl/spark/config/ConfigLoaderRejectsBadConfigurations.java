package org.cutmixsl.spark.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every configuration value is checked at load, with a message naming the key, the value and the expectation. */
class ConfigLoaderRejectsBadConfigurations {

    private static String failure(String... overrides) {
        return assertThrows(IllegalArgumentException.class, () -> ConfigLoader.load(null, List.of(overrides)))
                .getMessage();
    }

    @Test
    void defaultsLoadAndAreTyped() {
        TrainConfig c = ConfigLoader.load(null, List.of());
        assertEquals("cutmixsl", c.method);
        assertEquals(49, c.model.patchCount());
        assertEquals(c.clientCount, c.clientsPerRound);
        assertEquals(64, c.batchSize);
        assertEquals(64, c.hash.length());
    }

    @Test
    void overridesWinAndChangeTheHash() {
        TrainConfig base = ConfigLoader.load(null, List.of());
        TrainConfig other = ConfigLoader.load(null, List.of("train.rounds=3", "data.dir=/tmp/x"));
        assertEquals(3, other.rounds);
        assertEquals("/tmp/x", other.data.dir);
        assertTrue(!base.hash.equals(other.hash));
    }

    @Test
    void testingKeysDoNotChangeTheHash() {
        assertEquals(ConfigLoader.load(null, List.of()).hash,
                ConfigLoader.load(null, List.of("testing.haltAfterRound=2")).hash);
    }

    @Test
    void validationFractionAndTestSettingsAreCheckedAtLoad() {
        String m = failure("data.validation=-1");
        assertTrue(m.contains("data.validation = -1") && m.contains("≥ 0"), m);
        for (String bad : new String[] {"0", "-0.5", "1.5"}) {
            m = failure("data.fraction=" + bad);
            assertTrue(m.contains("data.fraction = " + Double.parseDouble(bad)) && m.contains("(0, 1]"), m);
        }
        m = failure("eval.test=maybe");
        assertTrue(m.contains("eval.test"), m);
        TrainConfig c = ConfigLoader.load(null, List.of("data.validation=500", "data.fraction=0.1", "eval.test=false"));
        assertEquals(500, c.data.validation);
        assertEquals(0.1, c.data.fraction);
        assertTrue(!c.evalTest);
    }

    @Test
    void newKeysChangeTheHashOnlyAwayFromTheirDefaults() {
        String base = ConfigLoader.load(null, List.of()).hash;
        assertEquals(base, ConfigLoader.load(null, List.of("data.validation=0", "data.fraction=1", "eval.test=true")).hash);
        assertTrue(!base.equals(ConfigLoader.load(null, List.of("data.validation=10")).hash));
        assertTrue(!base.equals(ConfigLoader.load(null, List.of("data.fraction=0.5")).hash));
        assertTrue(!base.equals(ConfigLoader.load(null, List.of("eval.test=false")).hash));
    }

    @Test
    void unknownMethodIsNamed() {
        String m = failure("method=fedprox");
        assertTrue(m.contains("method = \"fedprox\"") && m.contains("cutmixsl"), m);
    }

    @Test
    void unknownKeyIsRefused() {
        String m = failure("train.epochs=3");
        assertTrue(m.contains("unknown configuration key train.epochs"), m);
    }

    @Test
    void groupLargerThanPatchCountIsAConfigurationError() {
        String m = failure("plan.groupSize=50");
        assertTrue(m.contains("plan.groupSize = 50") && m.contains("P = 49"), m);
    }

    @Test
    void remainderGroupLargerThanPatchCountIsAConfigurationError() {
        String m = failure("plan.groupSize=40", "clients.count=79");
        assertTrue(m.contains("last group of 79 clients"), m);
    }

    @Test
    void ratioOutsideItsRangeIsNamed() {
        assertTrue(failure("plan.alpha=0").contains("plan.alpha"));
        assertTrue(failure("server.optim.beta1=1.5").contains("server.optim.beta1 = 1.5"));
        assertTrue(failure("model.dropout=1.2").contains("model.dropout"));
        assertTrue(failure("dp.delta=2").contains("dp.delta"));
        assertEquals("dp.clipUnit = pixel: expected token or image", failure("dp.clipUnit=pixel"));
        assertEquals("dp.record = pixel: expected image or token", failure("dp.record=pixel"));
        assertTrue(failure("dp.record=token", "dp.clipUnit=image").startsWith(
                "dp.record = token: needs dp.clipUnit = token"), failure("dp.record=token", "dp.clipUnit=image"));
        assertEquals("model.inputScaling = \"zscore\": expected dataset or minus-one-one",
                failure("model.inputScaling=zscore"));
        assertTrue(failure("data.dataset=svhn").startsWith("data.dataset: unknown dataset 'svhn'"),
                failure("data.dataset=svhn"));
        assertEquals("dp.targetEpsilon = -1.0: expected ≥ 0 (0 = off)", failure("dp.targetEpsilon=-1"));
        assertEquals("dp.noiseMultiplier = -0.5: expected ≥ 0", failure("dp.noiseMultiplier=-0.5"));
    }

    @Test
    void perRoundAboveClientCountIsRefused() {
        String m = failure("clients.count=10", "clients.perRound=11");
        assertTrue(m.contains("clients.perRound = 11"), m);
    }

    @Test
    void badEnumNamesTheChoices() {
        String m = failure("codec.encoding=bf16");
        assertTrue(m.contains("codec.encoding = \"bf16\"") && m.contains("fp16"), m);
    }

    @Test
    void boxShapeNeedsTwoClientsPerGroup() {
        String m = failure("plan.shape=box", "plan.groupSize=3");
        assertTrue(m.toLowerCase().contains("box"), m);
    }

    @Test
    void serverGpusInLocalModeAreRefused() {
        TrainConfig c = ConfigLoader.load(null, List.of("server.placement=executor", "server.gpus=1"));
        String m = assertThrows(IllegalArgumentException.class, () -> c.validateForMaster("local[2]")).getMessage();
        assertTrue(m.contains("local mode") && m.contains("ResourceProfile"), m);
        c.validateForMaster("spark://127.0.0.1:7077");
    }

    @Test
    void userFileIsLayeredOnDefaults(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("x.conf");
        Files.writeString(file, "method = psl\nclients { count = 4 }\n");
        TrainConfig c = ConfigLoader.load(file.toString(), List.of("clients.batchSize=32"));
        assertEquals("psl", c.method);
        assertEquals(4, c.clientCount);
        assertEquals(32, c.batchSize);
    }

    @Test
    void theOldDataPartitionKeyNamesItsNewName(@TempDir Path dir) throws IOException {
        String m = failure("data.partition=iid");
        assertTrue(m.contains("data.partition was renamed data.shares"), m);
        Path file = dir.resolve("old.conf");
        Files.writeString(file, "data { partition = dirichlet }\n");
        m = assertThrows(IllegalArgumentException.class, () -> ConfigLoader.load(file.toString(), List.of()))
                .getMessage();
        assertTrue(m.contains(file + ": data.partition was renamed data.shares"), m);
    }

    @Test
    void aRunRecordedBeforeTheSharesRenameLoadsWithTheSameHash() {
        TrainConfig now = ConfigLoader.load(null, List.of("data.shares=dirichlet"));
        String recorded = now.render().replaceFirst("(?m)^(\\s*)shares(\\s*[=:])", "$1partition$2");
        assertTrue(recorded.contains("partition") && !recorded.contains("shares"), recorded);
        TrainConfig old = ConfigLoader.loadRecorded(recorded, "run/config.conf", List.of());
        assertEquals("dirichlet", old.data.shares);
        assertEquals(now.hash, old.hash);
        assertTrue(!now.hash.equals(ConfigLoader.load(null, List.of("data.shares=iid")).hash));
    }

    @Test
    void missingFileIsNamed() {
        String m = assertThrows(IllegalArgumentException.class,
                () -> ConfigLoader.load("/no/such.conf", List.of())).getMessage();
        assertTrue(m.contains("/no/such.conf"), m);
    }
}
