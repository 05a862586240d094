package org.cutmixsl.model.plan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.cutmixsl.common.random.GammaSampler;
import org.junit.jupiter.api.Test;

/** The shares behave like Dirichlet(α) draws: statistical checks with tolerances several standard errors wide. */
class DirichletRatiosTest {

    @Test
    void gammaVariatesHaveMeanAndVarianceAlpha() {
        for (double alpha : new double[] {0.2, 0.7, 1, 2.5, 10}) {
            SplittableRandom rng = new SplittableRandom(17);
            int n = 200_000;
            double sum = 0;
            double sum2 = 0;
            for (int i = 0; i < n; i++) {
                double x = Math.exp(GammaSampler.logGamma(rng, alpha, GammaSampler.Variant.PLAN));
                sum += x;
                sum2 += x * x;
            }
            double mean = sum / n;
            double var = sum2 / n - mean * mean;
            // standard error of the mean is sqrt(α / n); of the variance about sqrt((2α² + 6α) / n)
            assertEquals(alpha, mean, 5 * Math.sqrt(alpha / n), "mean of Gamma(" + alpha + ")");
            assertEquals(alpha, var, 5 * Math.sqrt((2 * alpha * alpha + 6 * alpha) / n) + 0.01 * alpha, "variance of Gamma(" + alpha + ")");
        }
    }

    @Test
    void meanSharesAreOneOverG() {
        for (int g = 2; g <= 4; g++) {
            int[] ids = new int[g];
            for (int k = 0; k < g; k++) {
                ids[k] = k;
            }
            double[] mean = new double[g];
            int draws = 0;
            for (int round = 0; round < 200; round++) {
                GroupPlan plan = MixingPlanner.plan(5, round, ids, 64, new PatchGrid(7, 7), PlanConfig.defaults().withGroupSize(g)).groups().get(0);
                for (int b = 0; b < 64; b++) {
                    for (int k = 0; k < g; k++) {
                        mean[plan.member(k)] += plan.drawnRatio(k, b);
                    }
                    draws++;
                }
            }
            // Var(λ_k) = (G − 1) / (G² (G + 1)) for α = 1; 12 800 draws
            double se = Math.sqrt((g - 1.0) / (g * g * (g + 1.0)) / draws);
            for (int k = 0; k < g; k++) {
                assertEquals(1.0 / g, mean[k] / draws, 5 * se, "mean share of client " + k + " with G=" + g);
            }
        }
    }

    @Test
    void smallAlphaGivesMoreExtremeSharesThanLargeAlpha() {
        double[] spread = new double[2];
        double[] alphas = {0.1, 10};
        for (int a = 0; a < 2; a++) {
            PlanConfig cfg = PlanConfig.defaults().withAlpha(alphas[a]);
            for (int round = 0; round < 50; round++) {
                GroupPlan g = MixingPlanner.plan(8, round, new int[] {0, 1}, 64, new PatchGrid(7, 7), cfg).groups().get(0);
                for (int b = 0; b < 64; b++) {
                    spread[a] += Math.abs(g.drawnRatio(0, b) - 0.5);
                }
            }
        }
        // E|λ − 1/2| is about 0.44 for α = 0.1 and 0.11 for α = 10
        assertTrue(spread[0] > 3 * spread[1], "α=0.1 spread " + spread[0] + " vs α=10 spread " + spread[1]);
    }

    @Test
    void tinyAlphaStillGivesSharesThatSumToOne() {
        SplittableRandom rng = new SplittableRandom(3);
        double[] out = new double[3];
        for (int i = 0; i < 10_000; i++) {
            RatioSampler.draw(rng, PlanConfig.RatioMode.DIRICHLET, 0.005, 3, out);
            assertEquals(1.0, out[0] + out[1] + out[2], 1e-12);
            for (double x : out) {
                assertTrue(x >= 0 && x <= 1);
            }
        }
    }

    @Test
    void fixedRatioIsOneOverG() {
        GroupPlan g = MixingPlanner.plan(1, 0, new int[] {4, 5, 6}, 4, new PatchGrid(7, 7),
                PlanConfig.defaults().withGroupSize(3).withRatio(PlanConfig.RatioMode.FIXED)).groups().get(0);
        for (int b = 0; b < 4; b++) {
            int[] counts = new int[3];
            for (int k = 0; k < 3; k++) {
                assertEquals(1f / 3, g.drawnRatio(k, b));
                counts[k] = g.keptCount(k, b);
            }
            // 49 / 3 = 16.33: one member gets the leftover patch, the lowest member index on the tie
            assertEquals(17, counts[0]);
            assertEquals(16, counts[1]);
            assertEquals(16, counts[2]);
        }
    }
}
