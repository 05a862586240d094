package org.cutmixsl.spark.round;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Partial participation: each round draws exactly perRound distinct clients, sorted, as a pure function of
 * (seed, round); rounds differ, and over many rounds every client is drawn about equally often.
 */
class ParticipationDrawsSeededDistinctClients {

    private static final int CLIENTS = 10;
    private static final int PER_ROUND = 3;

    @Test
    void eachRoundDrawsExactlyPerRoundDistinctSortedClients() {
        for (int round = 0; round < 200; round++) {
            int[] chosen = Participation.draw(5L, round, CLIENTS, PER_ROUND);
            assertEquals(PER_ROUND, chosen.length, "round " + round);
            for (int i = 0; i < chosen.length; i++) {
                assertTrue(chosen[i] >= 0 && chosen[i] < CLIENTS, "round " + round + ": client " + chosen[i]);
                if (i > 0) {
                    assertTrue(chosen[i - 1] < chosen[i], "round " + round + ": " + Arrays.toString(chosen));
                }
            }
        }
    }

    @Test
    void sameSeedAndRoundDrawTheSameClients() {
        for (int round = 0; round < 50; round++) {
            assertArrayEquals(Participation.draw(5L, round, CLIENTS, PER_ROUND),
                    Participation.draw(5L, round, CLIENTS, PER_ROUND));
        }
    }

    @Test
    void roundsAndSeedsDrawDifferentClients() {
        Set<String> draws = new HashSet<>();
        for (int round = 0; round < 20; round++) {
            draws.add(Arrays.toString(Participation.draw(5L, round, CLIENTS, PER_ROUND)));
        }
        // 120 possible draws; 20 rounds repeating one draw throughout would leave one
        assertTrue(draws.size() >= 10, "20 rounds gave only " + draws.size() + " distinct draws");
        int differ = 0;
        for (int round = 0; round < 20; round++) {
            if (!Arrays.equals(Participation.draw(5L, round, CLIENTS, PER_ROUND),
                    Participation.draw(6L, round, CLIENTS, PER_ROUND))) {
                differ++;
            }
        }
        assertTrue(differ >= 10, "seeds 5 and 6 differ in only " + differ + " of 20 rounds");
    }

    @Test
    void everyClientIsDrawnAboutEquallyOften() {
        int rounds = 3000;
        int[] counts = new int[CLIENTS];
        for (int round = 0; round < rounds; round++) {
            for (int c : Participation.draw(11L, round, CLIENTS, PER_ROUND)) {
                counts[c]++;
            }
        }
        double expected = (double) rounds * PER_ROUND / CLIENTS; // 900
        double sd = Math.sqrt(rounds * 0.3 * 0.7); // about 25
        for (int c = 0; c < CLIENTS; c++) {
            assertTrue(Math.abs(counts[c] - expected) < 5 * sd, "client " + c + " drawn " + counts[c] + " times, expected "
                    + expected + " ± " + 5 * sd + ": " + Arrays.toString(counts));
        }
    }

    @Test
    void fullParticipationDrawsEveryClient() {
        assertArrayEquals(new int[] {0, 1, 2, 3}, Participation.draw(5L, 7, 4, 4));
        assertArrayEquals(new int[] {0, 1, 2, 3}, Participation.draw(5L, 7, 4, 9));
    }
}
