package org.cutmixsl.spark.links;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigValue;
import com.typesafe.config.ConfigValueType;
import java.io.Serializable;
import java.util.Locale;
import java.util.Set;
import java.util.SplittableRandom;
import org.cutmixsl.common.random.GammaSampler;

/**
 * One {@code clients.link} value: a number, or a distribution each client draws its own value from
 * ({@code { dist = fixed, value = 10 }}, {@code { dist = uniform, low = 5, high = 20 }},
 * {@code { dist = lognormal, median = 10, sigma = 0.5 }}: median·e^(σ·z), z standard normal).
 *
 * @param dist the distribution: fixed (a number is fixed), uniform or lognormal
 * @param a the value (fixed), low (uniform) or median (lognormal)
 * @param b unused (fixed), high (uniform) or σ (lognormal)
 */
public record LinkValue(Dist dist, double a, double b) implements Serializable {

    /** The distributions a value may be drawn from. */
    public enum Dist { FIXED, UNIFORM, LOGNORMAL }

    private static final Set<String> FIXED_KEYS = Set.of("dist", "value");
    private static final Set<String> UNIFORM_KEYS = Set.of("dist", "low", "high");
    private static final Set<String> LOGNORMAL_KEYS = Set.of("dist", "median", "sigma");

    /**
     * @param value the fixed value
     * @return a value every client has
     */
    public static LinkValue fixed(double value) {
        return new LinkValue(Dist.FIXED, value, 0);
    }

    /** @return whether every client has the same value */
    public boolean isFixed() {
        return dist == Dist.FIXED;
    }

    /**
     * @param rng the client's generator for this key
     * @return the client's value
     */
    public double draw(SplittableRandom rng) {
        switch (dist) {
            case UNIFORM:
                return a + (b - a) * rng.nextDouble();
            case LOGNORMAL:
                return a * StrictMath.exp(b * GammaSampler.normal(rng, GammaSampler.Variant.PLAN));
            default:
                return a;
        }
    }

    /**
     * Reads a number or a distribution, checking its shape and bounds.
     *
     * @param c the configuration
     * @param key the key, for example {@code clients.link.uplinkMbps}
     * @param positive whether values must be positive (bandwidths, compute factor); otherwise ≥ 0 (latency)
     * @return the value
     * @throws IllegalArgumentException naming the key, the value and what was expected
     */
    public static LinkValue parse(Config c, String key, boolean positive) {
        ConfigValue value = c.getValue(key);
        if (value.valueType() == ConfigValueType.NUMBER) {
            double v = c.getDouble(key);
            if (!(v >= 0 && Double.isFinite(v))) {
                throw new IllegalArgumentException(key + " = " + v + ": expected a number ≥ 0");
            }
            return fixed(v);
        }
        if (value.valueType() != ConfigValueType.OBJECT) {
            throw new IllegalArgumentException(key + " = " + value.render() + ": expected a number or a distribution"
                    + " such as { dist = uniform, low = 5, high = 20 }");
        }
        Config d = c.getConfig(key);
        if (!d.hasPath("dist")) {
            throw new IllegalArgumentException(key + ".dist: missing; expected fixed, uniform or lognormal");
        }
        String name = d.getString("dist").trim().toLowerCase(Locale.ROOT);
        String expect = positive ? "> 0" : "≥ 0";
        switch (name) {
            case "fixed": {
                onlyKeys(d, key, FIXED_KEYS);
                double v = number(d, key, "value");
                bound(key + ".value", v, positive, expect);
                return fixed(v);
            }
            case "uniform": {
                onlyKeys(d, key, UNIFORM_KEYS);
                double low = number(d, key, "low");
                double high = number(d, key, "high");
                bound(key + ".low", low, positive, expect);
                if (!(high >= low) || !Double.isFinite(high)) {
                    throw new IllegalArgumentException(key + ".high = " + high + ": expected a finite number ≥ "
                            + key + ".low = " + low);
                }
                return new LinkValue(Dist.UNIFORM, low, high);
            }
            case "lognormal": {
                onlyKeys(d, key, LOGNORMAL_KEYS);
                double median = number(d, key, "median");
                double sigma = number(d, key, "sigma");
                bound(key + ".median", median, true, "> 0");
                if (!(sigma >= 0) || !Double.isFinite(sigma)) {
                    throw new IllegalArgumentException(key + ".sigma = " + sigma + ": expected a finite number ≥ 0");
                }
                return new LinkValue(Dist.LOGNORMAL, median, sigma);
            }
            default:
                throw new IllegalArgumentException(key + ".dist = \"" + name
                        + "\": expected fixed, uniform or lognormal");
        }
    }

    private static void onlyKeys(Config d, String key, Set<String> allowed) {
        for (String k : d.root().keySet()) {
            if (!allowed.contains(k)) {
                throw new IllegalArgumentException(key + "." + k + ": unknown key of a " + d.getString("dist")
                        + " distribution; expected " + String.join(", ", new java.util.TreeSet<>(allowed)));
            }
        }
    }

    private static double number(Config d, String key, String field) {
        if (!d.hasPath(field)) {
            throw new IllegalArgumentException(key + "." + field + ": missing for a " + d.getString("dist")
                    + " distribution");
        }
        try {
            return d.getDouble(field);
        } catch (ConfigException.WrongType e) {
            throw new IllegalArgumentException(key + "." + field + " = " + d.getValue(field).render()
                    + ": expected a number", e);
        }
    }

    private static void bound(String key, double v, boolean positive, String expect) {
        if (!Double.isFinite(v) || (positive ? v <= 0 : v < 0)) {
            throw new IllegalArgumentException(key + " = " + v + ": expected a finite number " + expect);
        }
    }
}
