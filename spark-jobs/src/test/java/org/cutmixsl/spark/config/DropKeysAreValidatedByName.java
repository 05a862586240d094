package org.cutmixsl.spark.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * clients.dropout, clients.deadlineSeconds and clients.maxEmptyRounds are checked when the configuration is loaded,
 * failing with the key's name; at their defaults they leave the configuration's hash as it was before they existed
 * (old checkpoints resume), and a drop setting, which changes what is trained, changes it.
 */
class DropKeysAreValidatedByName {

    private static String failure(String... overrides) {
        List<String> all = new ArrayList<>(List.of("clients.count=3"));
        all.addAll(List.of(overrides));
        return assertThrows(IllegalArgumentException.class, () -> ConfigLoader.load(null, all)).getMessage();
    }

    private static TrainConfig load(String... overrides) {
        List<String> all = new ArrayList<>(List.of("clients.count=3"));
        all.addAll(List.of(overrides));
        return ConfigLoader.load(null, all);
    }

    @Test
    void aDropoutOutsideZeroToOneIsNamed() {
        assertTrue(failure("clients.dropout=1.5").startsWith("clients.dropout = 1.5"), failure("clients.dropout=1.5"));
        assertTrue(failure("clients.dropout=1").startsWith("clients.dropout = 1.0"));
        assertTrue(failure("clients.dropout=-0.1").startsWith("clients.dropout = -0.1"));
        assertEquals(0.2, load("clients.dropout=0.2").clientDropout);
    }

    @Test
    void aDeadlineNeedsLinksAndAPositiveValue() {
        String noLink = failure("clients.deadlineSeconds=2");
        assertTrue(noLink.startsWith("clients.deadlineSeconds = 2.0") && noLink.contains("clients.link"), noLink);
        String zero = failure("clients.deadlineSeconds=0", "clients.link.uplinkMbps=10");
        assertTrue(zero.startsWith("clients.deadlineSeconds = 0.0") && zero.contains("> 0"), zero);
        assertTrue(failure("clients.deadlineSeconds=-1", "clients.link.uplinkMbps=10")
                .startsWith("clients.deadlineSeconds = -1.0"));
        TrainConfig withDeadline = load("clients.deadlineSeconds=2", "clients.link.uplinkMbps=10");
        assertTrue(withDeadline.deadline().isSet());
        assertEquals(2.0, withDeadline.deadline().seconds());
        assertTrue(!load().deadline().isSet(), "no deadline by default");
    }

    @Test
    void maxEmptyRoundsBelowOneIsNamed() {
        String zero = failure("clients.maxEmptyRounds=0");
        assertTrue(zero.startsWith("clients.maxEmptyRounds = 0"), zero);
        assertEquals(3, load().maxEmptyRounds);
    }

    @Test
    void defaultsKeepTheHashAndDropsChangeIt() {
        String plain = load().hash;
        assertEquals(plain, load("clients.dropout=0").hash);
        assertEquals(plain, load("clients.maxEmptyRounds=7").hash, "when a run gives up changes no number");
        assertNotEquals(plain, load("clients.dropout=0.2").hash);
        String linked = load("clients.link.uplinkMbps=10").hash;
        assertNotEquals(linked, load("clients.link.uplinkMbps=10", "clients.deadlineSeconds=2").hash);
    }
}
