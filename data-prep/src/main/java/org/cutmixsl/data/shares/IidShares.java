package org.cutmixsl.data.shares;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.cutmixsl.common.math.LargestRemainder;
import org.cutmixsl.common.random.Shuffles;

/**
 * IID split: the samples in a seeded random order, dealt out in equal contiguous runs (sizes differ by at most
 * one). Equal sizes reserve the minimum by construction: every client gets {@code floor(n / clients)}, which is at
 * least {@code minSamples} whenever {@code clients × minSamples ≤ n}.
 */
public final class IidShares implements ShareDrawer {

    @Override
    public ClientShares draw(int[] labels, int numClasses, int clients, int minSamples, long seed) {
        ShareDrawer.requireFeasible(labels.length, clients, minSamples);
        int[] order = Shuffles.permutation(labels.length, new SplittableRandom(seed));
        int[] sizes = LargestRemainder.equal(labels.length, clients);
        int[][] members = new int[clients][];
        int next = 0;
        for (int c = 0; c < clients; c++) {
            members[c] = Arrays.copyOfRange(order, next, next + sizes[c]);
            next += sizes[c];
        }
        return new ClientShares(labels, numClasses, members);
    }

    @Override
    public String describe() {
        return "iid";
    }
}
