package org.cutmixsl.model.privacy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.cutmixsl.model.privacy.RdpAccountant.Conversion;
import org.cutmixsl.model.privacy.RdpAccountant.Epsilon;
import org.junit.jupiter.api.Test;

/**
 * The Gaussian mechanism's RDP accountant against closed forms. With the standard conversion, ε(α) =
 * kα/(2σ²) + log(1/δ)/(α−1) is minimised at α* = 1 + σ·√(2·log(1/δ)/k), where ε* = k/(2σ²) +
 * √(2k·log(1/δ))/σ: a fine grid must land on it, and no grid may go below it.
 */
class RdpAccountantMatchesClosedForms {

    private static final double[] SIGMAS = {0.3, 0.7, 1.0, 1.5, 3.0, 8.0};
    private static final long[] RELEASES = {1, 2, 5, 20, 100, 1000};
    private static final double[] DELTAS = {1e-3, 1e-5, 1e-8};

    /** The usual coarse grid of DP libraries, 1.25..256 (Opacus's default orders minus the finest steps). */
    private static final double[] COARSE = {1.25, 1.5, 1.75, 2, 2.5, 3, 4, 5, 6, 8, 10, 12, 16, 20, 32, 64, 128, 256};

    private static double closedFormEpsilon(double sigma, long k, double delta) {
        return k / (2 * sigma * sigma) + Math.sqrt(2 * k * Math.log(1 / delta)) / sigma;
    }

    private static double closedFormOrder(double sigma, long k, double delta) {
        return 1 + sigma * Math.sqrt(2 * Math.log(1 / delta) / k);
    }

    @Test
    void fineGridReproducesTheContinuousOptimumOfTheStandardConversion() {
        int inside = 0;
        for (double sigma : SIGMAS) {
            RdpAccountant accountant = new RdpAccountant(sigma, Conversion.STANDARD);
            for (long k : RELEASES) {
                for (double delta : DELTAS) {
                    double alphaStar = closedFormOrder(sigma, k, delta);
                    if (alphaStar < 1.002 || alphaStar > 1000) {
                        continue; // outside the default grid: covered by neverBelowTheOptimum
                    }
                    inside++;
                    Epsilon e = accountant.composed(k, delta);
                    double expected = closedFormEpsilon(sigma, k, delta);
                    String where = String.format("σ=%s k=%d δ=%s: ε=%s, closed form %s, α=%s vs α*=%s",
                            sigma, k, delta, e.epsilon(), expected, e.order(), alphaStar);
                    assertTrue(e.epsilon() >= expected * (1 - 1e-12), where);
                    assertEquals(expected, e.epsilon(), expected * 1e-5, where);
                    // The grid's neighbours of α* are 0.46% apart in α−1.
                    assertEquals(alphaStar - 1, e.order() - 1, (alphaStar - 1) * 0.005, where);
                    assertFalse(e.atGridEdge(), where);
                    assertEquals(Conversion.STANDARD, e.conversion());
                }
            }
        }
        assertTrue(inside >= 80, "cases checked: " + inside);
    }

    @Test
    void neverBelowTheOptimumWhateverTheGrid() {
        for (double sigma : new double[] {0.05, 0.3, 1.0, 8.0, 500.0, 5000.0}) {
            for (double[] orders : new double[][] {RdpAccountant.defaultOrders(), COARSE}) {
                RdpAccountant accountant = new RdpAccountant(sigma, orders, Conversion.STANDARD);
                for (long k : RELEASES) {
                    for (double delta : DELTAS) {
                        Epsilon e = accountant.composed(k, delta);
                        double expected = closedFormEpsilon(sigma, k, delta);
                        assertTrue(e.epsilon() >= expected * (1 - 1e-12),
                                "σ=" + sigma + " k=" + k + " δ=" + delta + ": " + e + " below " + expected);
                        double alphaStar = closedFormOrder(sigma, k, delta);
                        if (alphaStar > orders[orders.length - 1]) {
                            assertTrue(e.atGridEdge(), "α*=" + alphaStar + " beyond the grid: " + e);
                        }
                    }
                }
            }
        }
    }

    @Test
    void oneReleaseWorkedExample() {
        // σ = 1, δ = 1e-5: ε* = 1/2 + √(2·ln 10⁵) = 0.5 + 4.79852... = 5.29852..., at α* = 1 + √(2·ln 10⁵) = 5.7985.
        RdpAccountant accountant = new RdpAccountant(1.0, Conversion.STANDARD);
        Epsilon e = accountant.perRelease(1e-5);
        assertEquals(5.298526, e.epsilon(), 1e-4);
        assertEquals(5.7985, e.order(), 0.03);
        assertEquals(1, e.releases());
        assertEquals(e, accountant.composed(1, 1e-5));
    }

    @Test
    void conversionsAtOneOrderFollowTheirFormulas() {
        // σ = 2, k = 4, α = 5: RDP = 4·5/(2·4) = 2.5.
        // Standard: 2.5 + ln(10⁵)/4 = 5.378231...
        // Balle et al.: 2.5 + ln(4/5) − (ln 10⁻⁵ + ln 5)/4 = 2.5 − 0.223144 + 2.475872 = 4.752728...
        double[] order = {5.0};
        assertEquals(2.5, new RdpAccountant(2.0, order, Conversion.STANDARD).rdp(5.0, 4), 1e-15);
        assertEquals(5.378231366, new RdpAccountant(2.0, order, Conversion.STANDARD).composed(4, 1e-5).epsilon(), 1e-9);
        assertEquals(4.752728337, new RdpAccountant(2.0, order, Conversion.BALLE_2020).composed(4, 1e-5).epsilon(), 1e-9);
    }

    @Test
    void balleConversionIsNeverLooserThanTheStandardOne() {
        for (double sigma : SIGMAS) {
            RdpAccountant standard = new RdpAccountant(sigma, Conversion.STANDARD);
            RdpAccountant balle = new RdpAccountant(sigma, Conversion.BALLE_2020);
            for (long k : RELEASES) {
                for (double delta : DELTAS) {
                    double s = standard.composed(k, delta).epsilon();
                    double b = balle.composed(k, delta).epsilon();
                    assertTrue(b < s, "σ=" + sigma + " k=" + k + " δ=" + delta + ": Balle " + b + ", standard " + s);
                    assertTrue(b > 0, "σ=" + sigma + " k=" + k + ": " + b);
                }
            }
        }
    }

    @Test
    void epsilonGrowsWithReleasesAndShrinksWithNoise() {
        for (Conversion conversion : Conversion.values()) {
            for (double delta : DELTAS) {
                double previousSigma = Double.POSITIVE_INFINITY;
                for (double sigma : SIGMAS) {
                    RdpAccountant accountant = new RdpAccountant(sigma, conversion);
                    double previousK = 0;
                    for (long k = 1; k <= 200; k++) {
                        double eps = accountant.composed(k, delta).epsilon();
                        assertTrue(eps > previousK, conversion + " σ=" + sigma + ": ε(" + k + ") = " + eps
                                + " not above ε(" + (k - 1) + ") = " + previousK);
                        previousK = eps;
                    }
                    double eps10 = accountant.composed(10, delta).epsilon();
                    assertTrue(eps10 < previousSigma, conversion + ": ε at σ=" + sigma + " is " + eps10
                            + ", not below " + previousSigma + " at a smaller σ");
                    previousSigma = eps10;
                }
            }
        }
    }

    @Test
    void noNoiseMeansNoGuaranteeAndNoReleaseMeansNoLoss() {
        RdpAccountant noiseless = new RdpAccountant(0.0, Conversion.STANDARD);
        Epsilon e = noiseless.composed(3, 1e-5);
        assertEquals(Double.POSITIVE_INFINITY, e.epsilon());
        assertTrue(Double.isNaN(e.order()));
        assertEquals(Double.POSITIVE_INFINITY, noiseless.rdp(2.0, 1));
        Epsilon none = new RdpAccountant(1.0, Conversion.BALLE_2020).composed(0, 1e-5);
        assertEquals(0.0, none.epsilon());
        assertEquals(0.0, noiseless.composed(0, 1e-5).epsilon());
    }

    @Test
    void badSettingsAreRefusedByName() {
        assertEquals("dp.noiseMultiplier = -1.0: expected ≥ 0", assertThrows(IllegalArgumentException.class,
                () -> new RdpAccountant(-1.0, Conversion.STANDARD)).getMessage());
        assertEquals("dp.delta = 1.0: expected a value in (0, 1)", assertThrows(IllegalArgumentException.class,
                () -> new RdpAccountant(1.0, Conversion.STANDARD).composed(1, 1.0)).getMessage());
        assertEquals("releases per image = -2: expected ≥ 0", assertThrows(IllegalArgumentException.class,
                () -> new RdpAccountant(1.0, Conversion.STANDARD).composed(-2, 1e-5)).getMessage());
        assertEquals("RDP order 1.0: orders must be finite and > 1", assertThrows(IllegalArgumentException.class,
                () -> new RdpAccountant(1.0, new double[] {1.0, 2.0}, Conversion.STANDARD)).getMessage());
        assertEquals("dp.conversion = \"tight\": expected standard or balle2020", assertThrows(
                IllegalArgumentException.class, () -> Conversion.parse("dp.conversion", "tight")).getMessage());
        assertEquals(Conversion.BALLE_2020, Conversion.parse("dp.conversion", "Balle_2020"));
    }
}
