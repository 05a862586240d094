package org.cutmixsl.model.train;

import java.util.SplittableRandom;
import org.cutmixsl.common.random.Shuffles;

/**
 * Which of a client's samples form its minibatch in a round: a pure function of (seed, client, round),
 * so that the client-backward stage, a retried task or a resumed run recompute exactly the batch the
 * client-forward stage used, and nothing has to be held between stages.
 *
 * <p>Each client walks an endless sequence of epochs, each a seeded permutation of its samples; round r
 * takes positions [r·B, (r+1)·B) of that sequence. So every sample is seen once per epoch, and a batch
 * larger than the client's data simply runs into the next epoch.
 */
public final class MinibatchSampler {

    private MinibatchSampler() {}

    /**
     * @param seed the run's seed
     * @param client the client id (any int; the pooled data of centralized training uses its own id)
     * @param round the round, or any step counter that advances by one per minibatch
     * @param sampleCount the client's number of samples
     * @param batchSize B
     * @return B indices into the client's samples
     */
    public static int[] indices(long seed, int client, long round, int sampleCount, int batchSize) {
        if (sampleCount <= 0 || batchSize <= 0) {
            throw new IllegalArgumentException("client " + client + " has " + sampleCount
                    + " samples; batch size " + batchSize);
        }
        int[] out = new int[batchSize];
        long start = round * batchSize;
        long epoch = -1;
        int[] permutation = null;
        for (int i = 0; i < batchSize; i++) {
            long position = start + i;
            long e = position / sampleCount;
            if (e != epoch) {
                epoch = e;
                permutation = permutation(seed, client, epoch, sampleCount);
            }
            out[i] = permutation[(int) (position % sampleCount)];
        }
        return out;
    }

    private static int[] permutation(long seed, int client, long epoch, int n) {
        return Shuffles.permutation(n, new SplittableRandom(Seeds.mix(seed, 0x6d696e69L, client, epoch)));
    }
}
