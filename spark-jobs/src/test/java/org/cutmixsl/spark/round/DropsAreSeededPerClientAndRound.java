package org.cutmixsl.spark.round;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.SortedMap;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * clients.dropout: whether a client drops out of a round is a pure function of (seed, client, round), at about the
 * configured rate over many draws, independent of which other clients take part; the dropped column round-trips.
 */
class DropsAreSeededPerClientAndRound {

    @Test
    void theSameSeedClientAndRoundAlwaysGiveTheSameAnswer() {
        List<Boolean> first = new ArrayList<>();
        List<Boolean> again = new ArrayList<>();
        List<Boolean> otherSeed = new ArrayList<>();
        for (int round = 0; round < 50; round++) {
            for (int client = 0; client < 20; client++) {
                first.add(Drops.dropsOut(7, client, round, 0.3));
                again.add(Drops.dropsOut(7, client, round, 0.3));
                otherSeed.add(Drops.dropsOut(8, client, round, 0.3));
            }
        }
        assertEquals(first, again);
        assertNotEquals(first, otherSeed, "another seed drops other clients");
    }

    @Test
    void aboutTheConfiguredShareDropsOverManyDraws() {
        int n = 0;
        int dropped = 0;
        for (int round = 0; round < 200; round++) {
            for (int client = 0; client < 100; client++) {
                n++;
                dropped += Drops.dropsOut(11, client, round, 0.2) ? 1 : 0;
            }
        }
        // 20,000 Bernoulli(0.2) draws: sd 0.0028, so ±0.015 is more than five sd
        assertEquals(0.2, dropped / (double) n, 0.015);
        for (int round = 0; round < 100; round++) {
            assertFalse(Drops.dropsOut(11, 3, round, 0), "probability 0 never drops");
        }
    }

    @Test
    void presentKeepsTheOthersInOrderAndRecordsTheDropoutsWhoeverElseTakesPart() {
        int[] all = {0, 1, 2, 3, 4, 5, 6, 7, 8, 9};
        SortedMap<Integer, String> dropped = new TreeMap<>();
        int[] stay = Drops.present(5, 4, all, 0.5, dropped);
        assertEquals(all.length, stay.length + dropped.size());
        assertTrue(dropped.values().stream().allMatch(Drops.DROPOUT::equals), dropped.toString());
        for (int i = 1; i < stay.length; i++) {
            assertTrue(stay[i - 1] < stay[i]);
        }
        for (int client : all) {
            assertEquals(Drops.dropsOut(5, client, 4, 0.5), dropped.containsKey(client), "client " + client);
        }
        // a client's draw is its own: the odd clients alone drop as they did among all ten
        SortedMap<Integer, String> oddDropped = new TreeMap<>();
        int[] odd = Drops.present(5, 4, new int[] {1, 3, 5, 7, 9}, 0.5, oddDropped);
        assertEquals(dropped.keySet().stream().filter(c -> c % 2 == 1).toList(), List.copyOf(oddDropped.keySet()));
        assertArrayEquals(java.util.Arrays.stream(stay).filter(c -> c % 2 == 1).toArray(), odd);
    }

    @Test
    void theDroppedColumnRoundTrips() {
        SortedMap<Integer, String> dropped = new TreeMap<>();
        dropped.put(7, Drops.DEADLINE);
        dropped.put(3, Drops.DROPOUT);
        dropped.put(8, Drops.GROUP);
        assertEquals("3:dropout;7:deadline;8:group", Drops.format(dropped));
        assertEquals(dropped, Drops.parse("3:dropout;7:deadline;8:group"));
        assertEquals("", Drops.format(new TreeMap<>()));
        assertTrue(Drops.parse("").isEmpty());
    }
}
