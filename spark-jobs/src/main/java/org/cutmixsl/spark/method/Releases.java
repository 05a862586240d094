package org.cutmixsl.spark.method;

import java.util.List;
import org.cutmixsl.model.train.MinibatchSampler;
import org.cutmixsl.spark.config.TrainConfig;
import org.cutmixsl.spark.round.Participation;

/**
 * How many times each training image is actually sent over a run: minibatches are a deterministic function of
 * (seed, round, client), so the count is exact, not an expectation. The DP accountant composes over the most
 * any image is sent, and claims no subsampling amplification.
 */
public final class Releases {

    private Releases() {}

    /**
     * @param config the run's configuration
     * @param method the split method (its steps and minibatch indices)
     * @param sampleCounts each client's number of samples
     * @param rounds rounds run
     * @return {most releases of one image in one round, most releases of one image over the run}
     */
    public static long[] maxima(TrainConfig config, SplitMethod method, int[] sampleCounts, int rounds) {
        int[][] counts = new int[sampleCounts.length][];
        long perRound = 0;
        for (int round = 0; round < rounds; round++) {
            int[] participants = Participation.draw(config.seed, round, config.clientCount, config.clientsPerRound);
            List<int[]> steps = method.steps(participants, round);
            for (int step = 0; step < steps.size(); step++) {
                for (int client : steps.get(step)) {
                    if (client < 0) {
                        continue; // the pooled data of centralized training is never sent
                    }
                    if (counts[client] == null) {
                        counts[client] = new int[sampleCounts[client]];
                    }
                    int[] indices = MinibatchSampler.indices(config.seed, client, method.minibatchIndex(round, step),
                            sampleCounts[client], config.batchSize);
                    int[] inThisRound = new int[sampleCounts[client]];
                    for (int i : indices) {
                        counts[client][i]++;
                        perRound = Math.max(perRound, ++inThisRound[i]);
                    }
                }
            }
        }
        long total = 0;
        for (int[] c : counts) {
            if (c != null) {
                for (int v : c) {
                    total = Math.max(total, v);
                }
            }
        }
        return new long[] {perRound, total};
    }
}
