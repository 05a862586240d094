package org.cutmixsl.model.train;

/**
 * Derives independent 64-bit seeds from the run's seed and a few coordinates (a stream tag, a client, a
 * round), so every random choice is a pure function of where it is made, not of the order calls happen
 * in, which differs between threads, tasks and retries.
 */
public final class Seeds {

    private Seeds() {}

    /**
     * @param seed the run's seed
     * @param coordinates stream tag, client, round, ...
     * @return a well-mixed seed
     */
    public static long mix(long seed, long... coordinates) {
        long h = murmur(seed ^ 0x9E3779B97F4A7C15L);
        for (long c : coordinates) {
            h = murmur(h ^ murmur(c + 0x632BE59BD9B4E019L));
        }
        return h;
    }

    private static long murmur(long z) {
        z = (z ^ (z >>> 33)) * 0xFF51AFD7ED558CCDL;
        z = (z ^ (z >>> 33)) * 0xC4CEB9FE1A85EC53L;
        return z ^ (z >>> 33);
    }
}
