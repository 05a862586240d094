package org.cutmixsl.spark.round;

import java.util.SplittableRandom;
import org.cutmixsl.common.random.Shuffles;
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
        return Shuffles.sortedDraw(clients, perRound, new SplittableRandom(Seeds.mix(seed, STREAM, round)));
    }
}
