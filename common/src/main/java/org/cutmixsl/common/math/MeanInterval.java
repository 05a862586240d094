package org.cutmixsl.common.math;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A mean over seeds with its sample standard deviation and its 95% confidence interval (Student t,
 * n − 1 degrees of freedom): the one summary statistic of the project's comparisons (SPEC section 8).
 * For a paired difference ({@link #paired}), the interval is that of the mean difference by seed, and
 * {@link #verdict()} says "better" or "worse" only where it excludes 0.
 *
 * @param mean mean of the values (NaN with none)
 * @param sd sample standard deviation (n − 1 in the denominator; NaN with fewer than two values)
 * @param n number of values
 * @param low lower end of the 95% interval (NaN with fewer than two values)
 * @param high upper end of the 95% interval (NaN with fewer than two values)
 */
public record MeanInterval(double mean, double sd, int n, double low, double high) {

    /** The verdict wording of the report and the README. */
    public static final String BETTER = "better";
    /** See {@link #BETTER}. */
    public static final String WORSE = "worse";
    /** The interval holds 0. */
    public static final String NO_DIFFERENCE = "no difference shown";
    /** Fewer than two seeds: no interval. */
    public static final String TOO_FEW = "too few seeds";

    /**
     * @param values one value per seed; NaN values (not measured) are left out
     * @return their mean, sd and 95% interval
     */
    public static MeanInterval of95(List<Double> values) {
        List<Double> kept = new ArrayList<>();
        for (Double v : values) {
            if (v != null && !Double.isNaN(v)) {
                kept.add(v);
            }
        }
        int n = kept.size();
        if (n == 0) {
            return new MeanInterval(Double.NaN, Double.NaN, 0, Double.NaN, Double.NaN);
        }
        double sum = 0;
        for (double v : kept) {
            sum += v;
        }
        double mean = sum / n;
        if (n == 1) {
            return new MeanInterval(mean, Double.NaN, 1, Double.NaN, Double.NaN);
        }
        double squares = 0;
        for (double v : kept) {
            squares += (v - mean) * (v - mean);
        }
        double sd = Math.sqrt(squares / (n - 1));
        double half = StudentT.quantile(0.975, n - 1) * sd / Math.sqrt(n);
        return new MeanInterval(mean, sd, n, mean - half, mean + half);
    }

    /**
     * The paired difference a − b by seed. Seeds where either value is missing are left out.
     *
     * @param a one value per seed
     * @param b the other method's value for the same seeds, in the same order
     * @return mean, sd and 95% interval of the differences
     */
    public static MeanInterval paired(List<Double> a, List<Double> b) {
        if (a.size() != b.size()) {
            throw new IllegalArgumentException("paired difference of " + a.size() + " and " + b.size()
                    + " values: one per seed on both sides is needed");
        }
        List<Double> d = new ArrayList<>();
        for (int i = 0; i < a.size(); i++) {
            d.add(a.get(i) - b.get(i));
        }
        return of95(d);
    }

    /** @return whether the interval exists and excludes 0 */
    public boolean excludesZero() {
        return n >= 2 && (low > 0 || high < 0);
    }

    /** @return {@link #BETTER} or {@link #WORSE} where the interval excludes 0, else why not */
    public String verdict() {
        if (n < 2 || Double.isNaN(low)) {
            return TOO_FEW;
        }
        return low > 0 ? BETTER : high < 0 ? WORSE : NO_DIFFERENCE;
    }

    /**
     * @param scale multiplier for display (100 for percentages)
     * @param digits decimals
     * @return "m ± h [low, high]" or "m (n=1)"
     */
    public String format(double scale, int digits) {
        String f = "%." + digits + "f";
        if (n == 0) {
            return "–";
        }
        if (Double.isNaN(low)) {
            return String.format(Locale.ROOT, f + " (1 seed)", scale * mean);
        }
        return String.format(Locale.ROOT, f + " [" + f + ", " + f + "]", scale * mean, scale * low, scale * high);
    }
}
