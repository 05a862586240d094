package org.cutmixsl.spark.round;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.cutmixsl.model.train.Seeds;

/** Which clients take part in a round: a seeded draw of {@code perRound} of N, a pure function of (seed, round). */
public final class Participation {

    private static final long STREAM = 0x7061727469L;

    private Participation() {}

    /**
     * @param seed the run's seed
     * @param round the round
     * @param clients N
     * @param perRound clients per round (N = all)
     * @return the participants, ascending
     */
    public static int[] draw(long seed, int round, int clients, int perRound) {
        int[] ids = new int[clients];
        for (int i = 0; i < clients; i++) {
            ids[i] = i;
        }
        if (perRound >= clients) {
            return ids;
        }
        SplittableRandom random = new SplittableRandom(Seeds.mix(seed, STREAM, round));
        for (int i = 0; i < perRound; i++) {
            int j = i + random.nextInt(clients - i);
            int t = ids[i];
            ids[i] = ids[j];
            ids[j] = t;
        }
        int[] chosen = Arrays.copyOf(ids, perRound);
        Arrays.sort(chosen);
        return chosen;
    }
}
