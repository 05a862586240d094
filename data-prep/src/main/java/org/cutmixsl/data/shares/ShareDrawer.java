package org.cutmixsl.data.shares;

/**
 * Splits a set of labelled samples among clients. Every sample goes to exactly one client, every client gets at
 * least {@code minSamples} samples, and the same arguments always give the same split.
 *
 * <p>The minimum is guaranteed by construction, never by drawing again until it holds: each implementation
 * first reserves {@code minSamples} for every client and then spreads the rest its own way.
 */
public interface ShareDrawer {

    /**
     * @param labels label of each sample; samples are identified by their index in this array
     * @param numClasses labels lie in {@code [0, numClasses)}
     * @param clients number of clients, at least 1
     * @param minSamples samples every client must get, at least 1
     * @param seed the only source of randomness
     * @return the split
     * @throws IllegalArgumentException if {@code clients × minSamples} exceeds the samples, or the arguments are
     *     out of range
     */
    ClientShares draw(int[] labels, int numClasses, int clients, int minSamples, long seed);

    /** @return a short description for logs and file titles, such as {@code dirichlet(beta=0.5)} */
    String describe();

    /**
     * Checks that {@code clients} clients can each get {@code minSamples} of {@code available} samples.
     *
     * @param available samples to split
     * @param clients number of clients
     * @param minSamples samples each client needs
     * @throws IllegalArgumentException giving both numbers when they cannot
     */
    static void requireFeasible(int available, int clients, int minSamples) {
        if (clients < 1) {
            throw new IllegalArgumentException("clients must be at least 1, got " + clients);
        }
        if (minSamples < 1) {
            throw new IllegalArgumentException("minimum samples per client must be at least 1, got " + minSamples);
        }
        long needed = (long) clients * minSamples;
        if (needed > available) {
            throw new IllegalArgumentException("cannot give " + clients + " clients " + minSamples
                    + " samples each: that needs " + needed + " training samples, but only " + available
                    + " are available");
        }
    }
}
