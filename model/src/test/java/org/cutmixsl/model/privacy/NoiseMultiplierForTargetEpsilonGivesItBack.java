package org.cutmixsl.model.privacy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.cutmixsl.model.privacy.RdpAccountant.Conversion;
import org.junit.jupiter.api.Test;

/** dp.targetEpsilon: the σ solved for ε, put back through the accountant, gives ε (within 1%, never above). */
class NoiseMultiplierForTargetEpsilonGivesItBack {

    @Test
    void theSolvedSigmaMeetsEachTargetOfTheSweep() {
        for (Conversion conversion : Conversion.values()) {
            for (long releases : new long[] {1, 3, 22, 400}) {
                double previous = Double.POSITIVE_INFINITY;
                for (double target : new double[] {1, 2, 4, 8, 16}) {
                    double sigma = RdpAccountant.noiseMultiplierFor(target, releases, 1e-5, conversion);
                    double eps = new RdpAccountant(sigma, conversion).composed(releases, 1e-5).epsilon();
                    String what = conversion + ", " + releases + " releases, ε " + target + ": σ " + sigma + " gives " + eps;
                    assertEquals(target, eps, 0.01 * target, what);
                    assertTrue(eps <= target, what);
                    assertTrue(sigma < previous, "a larger ε needs less noise: " + what);
                    previous = sigma;
                }
            }
        }
    }

    @Test
    void theClosedFormOfOneReleaseUnderTheStandardConversion() {
        // ε = α/(2σ²) + log(1/δ)/(α − 1), minimised over α: ε = 1/(2σ²) + √(2 log(1/δ))/σ, here at ε = 4
        double sigma = RdpAccountant.noiseMultiplierFor(4, 1, 1e-5, Conversion.STANDARD);
        double closed = 1 / (2 * sigma * sigma) + Math.sqrt(2 * Math.log(1e5)) / sigma;
        assertEquals(4, closed, 0.01);
    }

    @Test
    void badTargetsNameTheKey() {
        assertEquals("dp.targetEpsilon = 0.0: expected a positive number", assertThrows(IllegalArgumentException.class,
                () -> RdpAccountant.noiseMultiplierFor(0, 3, 1e-5, Conversion.STANDARD)).getMessage());
        assertTrue(assertThrows(IllegalArgumentException.class,
                () -> RdpAccountant.noiseMultiplierFor(4, 0, 1e-5, Conversion.STANDARD)).getMessage().contains("at least one release"));
    }
}
