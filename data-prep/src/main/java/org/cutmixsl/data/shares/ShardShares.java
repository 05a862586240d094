package org.cutmixsl.data.shares;

import java.util.SplittableRandom;
import org.cutmixsl.common.math.LargestRemainder;
import org.cutmixsl.common.random.Shuffles;

/**
 * Shard split (McMahan et al., 2017): the samples sorted by label (a seeded random order within each label),
 * cut into {@code clients × k} contiguous shards, k shards per client, the shards' order along the sorted list
 * drawn at random. So each client sees about k labels.
 *
 * <p>The minimum is reserved by construction: each client's total is fixed first ({@code floor(n / clients)} or one
 * more, never below {@code minSamples} when the split is feasible) and then cut into its k shards, instead of
 * cutting equal shards and hoping every client's k of them add up.
 */
public final class ShardShares implements ShareDrawer {

    private final int shardsPerClient;

    /**
     * @param shardsPerClient shards each client gets, at least 1
     */
    public ShardShares(int shardsPerClient) {
        if (shardsPerClient < 1) {
            throw new IllegalArgumentException("shards per client must be at least 1, got " + shardsPerClient);
        }
        this.shardsPerClient = shardsPerClient;
    }

    @Override
    public ClientShares draw(int[] labels, int numClasses, int clients, int minSamples, long seed) {
        ShareDrawer.requireFeasible(labels.length, clients, minSamples);
        int[] quota = LargestRemainder.equal(labels.length, clients);
        if (quota[clients - 1] < shardsPerClient) {
            throw new IllegalArgumentException("cannot cut " + quota[clients - 1] + " samples per client into "
                    + shardsPerClient + " non-empty shards: lower shards per client or clients");
        }
        SplittableRandom rng = new SplittableRandom(seed);
        int[][] byClass = SeededShuffle.shuffledByClass(labels, numClasses, rng);
        int[] sorted = new int[labels.length];
        int fill = 0;
        for (int[] members : byClass) {
            System.arraycopy(members, 0, sorted, fill, members.length);
            fill += members.length;
        }

        int shards = clients * shardsPerClient;
        int[] shardOwner = new int[shards];
        int[] shardSize = new int[shards];
        for (int c = 0; c < clients; c++) {
            int[] sizes = LargestRemainder.equal(quota[c], shardsPerClient);
            for (int s = 0; s < shardsPerClient; s++) {
                shardOwner[c * shardsPerClient + s] = c;
                shardSize[c * shardsPerClient + s] = sizes[s];
            }
        }
        int[] layout = Shuffles.permutation(shards, rng);

        int[][] members = new int[clients][];
        int[] filled = new int[clients];
        for (int c = 0; c < clients; c++) {
            members[c] = new int[quota[c]];
        }
        int next = 0;
        for (int shard : layout) {
            int owner = shardOwner[shard];
            System.arraycopy(sorted, next, members[owner], filled[owner], shardSize[shard]);
            filled[owner] += shardSize[shard];
            next += shardSize[shard];
        }
        return new ClientShares(labels, numClasses, members);
    }

    @Override
    public String describe() {
        return "shards(k=" + shardsPerClient + ")";
    }
}
