package org.cutmixsl.model.privacy;

import java.util.Arrays;
import java.util.Locale;

/**
 * Rényi-DP accountant of the Gaussian mechanism DP-CutMixSL applies to each image's upload: what one image
 * contributes is clipped to L2 norm C and Gaussian noise of standard deviation σ·C is added to every sent
 * value, so one release has sensitivity C and noise multiplier σ.
 *
 * <ul>
 *   <li>One release is (α, α/(2σ²))-RDP for every order α &gt; 1 (Mironov 2017, Prop. 7).
 *   <li>k releases of the same image compose additively: (α, k·α/(2σ²))-RDP. No amplification by
 *       subsampling is claimed: minibatches are a deterministic function of seed, client and round, so k is
 *       simply the number of times the image is actually sent.
 *   <li>(ε, δ) is the minimum over a grid of orders of a conversion from RDP ({@link Conversion}).
 * </ul>
 *
 * <p>σ = 0 (no noise) gives ε = +∞ for any release; zero releases give ε = 0. Where the minimising order is
 * the first or last of the grid, the true optimum may lie outside it and ε is an upper bound that a wider
 * grid could lower ({@link Epsilon#atGridEdge()}).
 */
public final class RdpAccountant {

    /** The conversion from RDP to (ε, δ)-DP. */
    public enum Conversion {
        /** ε = RDP(α) + log(1/δ)/(α−1) (Mironov 2017, Prop. 3). */
        STANDARD("ε = RDP(α) + log(1/δ)/(α−1) (Mironov 2017, Proposition 3)"),
        /**
         * ε = RDP(α) + log((α−1)/α) − (log δ + log α)/(α−1) (Balle, Barthe, Gaboardi, Hsu and Sato 2020,
         * Theorem 21); never larger than {@link #STANDARD} at the same order. Negative values are reported as 0.
         */
        BALLE_2020("ε = RDP(α) + log((α−1)/α) − (log δ + log α)/(α−1) (Balle et al. 2020, Theorem 21)");

        private final String formula;

        Conversion(String formula) {
            this.formula = formula;
        }

        /** @return the formula and its source, for summaries and reports */
        public String formula() {
            return formula;
        }

        /**
         * @param key the configuration key, for the message
         * @param value {@code standard} or {@code balle2020}
         * @return the conversion
         */
        public static Conversion parse(String key, String value) {
            String v = value == null ? "" : value.trim().toLowerCase(Locale.ROOT).replace("_", "");
            switch (v) {
                case "standard":
                    return STANDARD;
                case "balle2020":
                    return BALLE_2020;
                default:
                    throw new IllegalArgumentException(
                            key + " = \"" + value + "\": expected standard or balle2020");
            }
        }

        double epsilon(double rdp, double alpha, double delta) {
            switch (this) {
                case STANDARD:
                    return rdp + Math.log(1 / delta) / (alpha - 1);
                case BALLE_2020:
                    return Math.max(0.0, rdp + Math.log((alpha - 1) / alpha)
                            - (Math.log(delta) + Math.log(alpha)) / (alpha - 1));
                default:
                    throw new AssertionError(this);
            }
        }
    }

    /**
     * An (ε, δ) guarantee and the order that gave it.
     *
     * @param epsilon ε (+∞ without noise, 0 for no release)
     * @param order the minimising Rényi order α (NaN where no order is involved: no noise or no release)
     * @param releases k, the releases composed
     * @param delta δ
     * @param conversion the RDP to (ε, δ) conversion used
     * @param atGridEdge whether the order is the first or last of the grid (the true optimum may lie beyond)
     */
    public record Epsilon(double epsilon, double order, long releases, double delta, Conversion conversion,
                          boolean atGridEdge) {}

    private final double noiseMultiplier;
    private final double[] orders;
    private final Conversion conversion;

    /**
     * An accountant with {@link #defaultOrders()}.
     *
     * @param noiseMultiplier σ (noise standard deviation in units of the clipping norm), ≥ 0
     * @param conversion the RDP to (ε, δ) conversion
     */
    public RdpAccountant(double noiseMultiplier, Conversion conversion) {
        this(noiseMultiplier, defaultOrders(), conversion);
    }

    /**
     * @param noiseMultiplier σ, ≥ 0
     * @param orders the Rényi orders to minimise over, each &gt; 1
     * @param conversion the RDP to (ε, δ) conversion
     */
    public RdpAccountant(double noiseMultiplier, double[] orders, Conversion conversion) {
        if (!(noiseMultiplier >= 0 && Double.isFinite(noiseMultiplier))) {
            throw new IllegalArgumentException("dp.noiseMultiplier = " + noiseMultiplier + ": expected ≥ 0");
        }
        if (orders == null || orders.length == 0) {
            throw new IllegalArgumentException("RDP orders: at least one order is needed");
        }
        for (double alpha : orders) {
            if (!(alpha > 1 && Double.isFinite(alpha))) {
                throw new IllegalArgumentException("RDP order " + alpha + ": orders must be finite and > 1");
            }
        }
        if (conversion == null) {
            throw new IllegalArgumentException("RDP conversion: one is required");
        }
        this.noiseMultiplier = noiseMultiplier;
        this.orders = orders.clone();
        Arrays.sort(this.orders);
        this.conversion = conversion;
    }

    /**
     * The default grid: α − 1 geometric from 0.001 to 1023 (α from 1.001 to 1024) with a ratio of 10^0.002
     * between neighbours, 3000 orders. Near the optimum ε(α) is flat, so with this spacing the grid's ε
     * exceeds the continuous optimum by at most a relative 6·10⁻⁶ when that optimum lies inside the grid;
     * it covers the usual 1.25..256 and noise multipliers from about 0.01 to 100.
     *
     * @return a fresh array of orders, ascending
     */
    public static double[] defaultOrders() {
        double lo = Math.log10(0.001);
        double hi = Math.log10(1023);
        int count = 3000;
        double[] out = new double[count];
        for (int i = 0; i < count; i++) {
            out[i] = 1 + Math.pow(10, lo + (hi - lo) * i / (count - 1));
        }
        return out;
    }

    /**
     * RDP of k releases at one order.
     *
     * @param alpha the order, &gt; 1
     * @param releases k ≥ 0
     * @return k·α/(2σ²); +∞ when σ = 0 and k &gt; 0
     */
    public double rdp(double alpha, long releases) {
        checkReleases(releases);
        if (releases == 0) {
            return 0.0;
        }
        if (noiseMultiplier == 0) {
            return Double.POSITIVE_INFINITY;
        }
        return releases * alpha / (2 * noiseMultiplier * noiseMultiplier);
    }

    /**
     * (ε, δ) of a single release.
     *
     * @param delta δ in (0, 1)
     * @return ε and the order
     */
    public Epsilon perRelease(double delta) {
        return composed(1, delta);
    }

    /**
     * (ε, δ) of k releases of the same image, composed.
     *
     * @param releases k ≥ 0, the number of times the image is sent
     * @param delta δ in (0, 1)
     * @return ε and the order
     */
    public Epsilon composed(long releases, double delta) {
        checkReleases(releases);
        if (!(delta > 0 && delta < 1)) {
            throw new IllegalArgumentException("dp.delta = " + delta + ": expected a value in (0, 1)");
        }
        if (releases == 0) {
            return new Epsilon(0.0, Double.NaN, 0, delta, conversion, false);
        }
        if (noiseMultiplier == 0) {
            return new Epsilon(Double.POSITIVE_INFINITY, Double.NaN, releases, delta, conversion, false);
        }
        double best = Double.POSITIVE_INFINITY;
        int bestIndex = -1;
        for (int i = 0; i < orders.length; i++) {
            double eps = conversion.epsilon(rdp(orders[i], releases), orders[i], delta);
            if (eps < best) {
                best = eps;
                bestIndex = i;
            }
        }
        boolean edge = bestIndex == 0 || bestIndex == orders.length - 1;
        return new Epsilon(best, orders[bestIndex], releases, delta, conversion, edge);
    }

    /**
     * The noise multiplier whose k composed releases give a target ε at δ: the σ of {@code dp.targetEpsilon}.
     * ε falls as σ grows, so σ is bracketed and bisected (in log σ) until the bracket is narrower than a relative
     * 10⁻⁹; the upper end is returned, whose ε is at most the target and within a relative 10⁻⁶ of it.
     *
     * @param targetEpsilon ε &gt; 0
     * @param releases k ≥ 1, the releases of one image over the run
     * @param delta δ in (0, 1)
     * @param conversion the RDP to (ε, δ) conversion
     * @return σ &gt; 0
     */
    public static double noiseMultiplierFor(double targetEpsilon, long releases, double delta, Conversion conversion) {
        if (!(targetEpsilon > 0 && Double.isFinite(targetEpsilon))) {
            throw new IllegalArgumentException("dp.targetEpsilon = " + targetEpsilon + ": expected a positive number");
        }
        if (releases < 1) {
            throw new IllegalArgumentException("releases per image = " + releases + ": a target ε needs at least one release");
        }
        double lo = 1e-3;
        double hi = 1.0;
        while (epsilonAt(hi, releases, delta, conversion) > targetEpsilon) {
            lo = hi;
            hi *= 2;
            if (hi > 1e9) {
                throw new IllegalArgumentException("dp.targetEpsilon = " + targetEpsilon + ": no noise multiplier up to 1e9 reaches it over "
                        + releases + " releases at δ = " + delta);
            }
        }
        if (epsilonAt(lo, releases, delta, conversion) <= targetEpsilon) {
            throw new IllegalArgumentException("dp.targetEpsilon = " + targetEpsilon + ": reached already at σ = " + lo
                    + "; expected a target that needs noise");
        }
        while (hi / lo > 1 + 1e-9) {
            double mid = Math.sqrt(lo * hi);
            if (epsilonAt(mid, releases, delta, conversion) > targetEpsilon) {
                lo = mid;
            } else {
                hi = mid;
            }
        }
        return hi;
    }

    private static double epsilonAt(double noiseMultiplier, long releases, double delta, Conversion conversion) {
        return new RdpAccountant(noiseMultiplier, conversion).composed(releases, delta).epsilon();
    }

    /** @return σ */
    public double noiseMultiplier() {
        return noiseMultiplier;
    }

    /** @return the conversion used */
    public Conversion conversion() {
        return conversion;
    }

    /** @return a copy of the orders, ascending */
    public double[] orders() {
        return orders.clone();
    }

    private static void checkReleases(long releases) {
        if (releases < 0) {
            throw new IllegalArgumentException("releases per image = " + releases + ": expected ≥ 0");
        }
    }
}
