package org.cutmixsl.data.shares;

import java.util.Arrays;

/**
 * The result of a {@link ShareDrawer}: for each client, the indices of its samples in ascending order, and its
 * per-class counts. Checked when built: every sample in {@code [0, n)} belongs to exactly one client.
 */
public final class ClientShares {

    private final int numClasses;
    private final int samples;
    private final int[][] members;
    private final int[][] classCounts;

    /**
     * @param labels label of every sample, indexed by sample
     * @param numClasses labels lie in {@code [0, numClasses)}
     * @param members for each client, the indices of its samples (any order; they are copied and sorted)
     * @throws IllegalStateException if a sample is missing, out of range or held twice
     */
    public ClientShares(int[] labels, int numClasses, int[][] members) {
        this.numClasses = numClasses;
        this.samples = labels.length;
        this.members = new int[members.length][];
        this.classCounts = new int[members.length][numClasses];
        boolean[] seen = new boolean[labels.length];
        int assigned = 0;
        for (int c = 0; c < members.length; c++) {
            int[] mine = members[c].clone();
            Arrays.sort(mine);
            for (int sample : mine) {
                if (sample < 0 || sample >= labels.length || seen[sample]) {
                    throw new IllegalStateException("sample " + sample + " given to client " + c
                            + " is out of range or already held by another client");
                }
                seen[sample] = true;
                classCounts[c][labels[sample]]++;
            }
            assigned += mine.length;
            this.members[c] = mine;
        }
        if (assigned != labels.length) {
            throw new IllegalStateException((labels.length - assigned) + " of " + labels.length
                    + " samples were given to no client");
        }
    }

    /** @return number of clients */
    public int clients() {
        return members.length;
    }

    /** @return number of classes */
    public int numClasses() {
        return numClasses;
    }

    /** @return number of samples split, all clients together */
    public int samples() {
        return samples;
    }

    /**
     * @param client client id in {@code [0, clients)}
     * @return number of samples it holds
     */
    public int size(int client) {
        return members[client].length;
    }

    /**
     * @param client client id in {@code [0, clients)}
     * @return a copy of its sample indices, ascending
     */
    public int[] samplesOf(int client) {
        return members[client].clone();
    }

    /** @return per client, how many samples of each class it holds (a copy) */
    public int[][] classCounts() {
        int[][] copy = new int[classCounts.length][];
        for (int c = 0; c < copy.length; c++) {
            copy[c] = classCounts[c].clone();
        }
        return copy;
    }

    /** @return samples per client (a copy) */
    public int[] sizes() {
        int[] sizes = new int[members.length];
        for (int c = 0; c < sizes.length; c++) {
            sizes[c] = members[c].length;
        }
        return sizes;
    }
}
