package org.cutmixsl.model.plan;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.cutmixsl.model.codec.TokenSelection;
import org.cutmixsl.model.plan.PlanConfig.Granularity;
import org.cutmixsl.model.plan.PlanConfig.MaskShape;
import org.cutmixsl.model.plan.PlanConfig.RatioMode;
import org.junit.jupiter.api.Test;

/** The properties SPEC section 2 asks of every plan, checked over hundreds of seeds and varied configurations. */
class MixingPlanPropertiesTest {

    private static final int SEEDS = 300;

    /** A varied (participants, grid, config) per seed: G 1..4, both ratio modes, α from 0.1 to 10, both granularities. */
    private static MixingPlan randomPlan(long seed, MaskShape shape) {
        SplittableRandom r = new SplittableRandom(seed * 7919 + 1);
        PatchGrid grid = new PatchGrid(2 + r.nextInt(7), 2 + r.nextInt(7));
        int g = shape == MaskShape.BOX ? 2 : 1 + r.nextInt(Math.min(4, grid.patchCount()));
        int n = 1 + r.nextInt(9);
        if (shape == MaskShape.BOX && n % 2 == 1) {
            n++;
        }
        if (n >= g && (n / g == 0 ? n : g + n % g) > grid.patchCount()) {
            n = g; // keep the remainder group within P for this property run; rejection has its own test
        }
        int[] ids = r.ints(n, 0, 10_000).distinct().toArray();
        while (ids.length < n) {
            ids = r.ints(n, 0, 10_000).distinct().toArray();
        }
        double alpha = new double[] {0.1, 0.5, 1, 3, 10}[r.nextInt(5)];
        PlanConfig cfg = new PlanConfig(g, r.nextInt(4) == 0 ? RatioMode.FIXED : RatioMode.DIRICHLET, alpha, shape,
                r.nextInt(4) == 0 ? Granularity.BATCH : Granularity.SAMPLE);
        return MixingPlanner.plan(seed, r.nextInt(1000), ids, 1 + r.nextInt(12), grid, cfg);
    }

    @Test
    void everySampleIsSplitIntoDisjointCoveringSharesWhoseRatiosSumToOne() {
        for (long seed = 0; seed < SEEDS; seed++) {
            for (MaskShape shape : MaskShape.values()) {
                MixingPlan plan = randomPlan(seed, shape);
                int p = plan.grid().patchCount();
                for (GroupPlan g : plan.groups()) {
                    for (int b = 0; b < g.batchSize(); b++) {
                        int[] seen = new int[p];
                        double sum = 0;
                        for (int k = 0; k < g.size(); k++) {
                            int[] kept = g.keptPatches(k, b);
                            assertEquals(kept.length, g.keptCount(k, b));
                            for (int j = 0; j < kept.length; j++) {
                                assertTrue(j == 0 || kept[j] > kept[j - 1], "ascending");
                                seen[kept[j]]++;
                                assertEquals(k, g.owner(b, kept[j]));
                            }
                            sum += g.shareRatio(k, b);
                            assertEquals(kept.length / (float) p, g.shareRatio(k, b));
                        }
                        for (int i = 0; i < p; i++) {
                            assertEquals(1, seen[i], "patch " + i + " of sample " + b + " kept by exactly one member, seed " + seed);
                        }
                        assertEquals(1.0, sum, 1e-6, "shares of sample " + b + " sum to 1, seed " + seed);
                    }
                }
            }
        }
    }

    @Test
    void randomShapeSizesAreWithinOneOfTheDrawnShareOfPatches() {
        for (long seed = 0; seed < SEEDS; seed++) {
            MixingPlan plan = randomPlan(seed, MaskShape.RANDOM);
            int p = plan.grid().patchCount();
            for (GroupPlan g : plan.groups()) {
                for (int b = 0; b < g.batchSize(); b++) {
                    double drawnSum = 0;
                    for (int k = 0; k < g.size(); k++) {
                        double target = (double) g.drawnRatio(k, b) * p;
                        assertTrue(Math.abs(g.keptCount(k, b) - target) < 1.0,
                                "member " + k + " keeps " + g.keptCount(k, b) + " for λ·P = " + target + ", seed " + seed);
                        drawnSum += g.drawnRatio(k, b);
                    }
                    assertEquals(1.0, drawnSum, 1e-5);
                }
            }
        }
    }

    @Test
    void leftoverPatchesGoToTheLargestFractionalParts() {
        for (long seed = 0; seed < SEEDS; seed++) {
            MixingPlan plan = randomPlan(seed, MaskShape.RANDOM);
            int p = plan.grid().patchCount();
            for (GroupPlan g : plan.groups()) {
                for (int b = 0; b < g.batchSize(); b++) {
                    double lowestRoundedUp = Double.POSITIVE_INFINITY;
                    double highestRoundedDown = Double.NEGATIVE_INFINITY;
                    for (int k = 0; k < g.size(); k++) {
                        double t = (double) g.drawnRatio(k, b) * p;
                        double frac = t - Math.floor(t);
                        if (g.keptCount(k, b) > Math.floor(t)) {
                            lowestRoundedUp = Math.min(lowestRoundedUp, frac);
                        } else {
                            highestRoundedDown = Math.max(highestRoundedDown, frac);
                        }
                    }
                    assertTrue(lowestRoundedUp >= highestRoundedDown, "largest remainders get the leftover patches, seed " + seed);
                    if (g.size() == 2) {
                        double t = (double) g.drawnRatio(0, b) * p;
                        assertTrue(Math.abs(g.keptCount(0, b) - t) <= 0.5 + 1e-6, "two members: sizes are round(λ·P), seed " + seed);
                    }
                }
            }
        }
    }

    @Test
    void boxSharesAreRectanglesOfTheGridWithTheAreaNearestTheDrawnShare() {
        for (long seed = 0; seed < SEEDS; seed++) {
            MixingPlan plan = randomPlan(seed, MaskShape.BOX);
            PatchGrid grid = plan.grid();
            for (GroupPlan g : plan.groups()) {
                if (g.size() != 2) {
                    continue; // a lone participant keeps everything
                }
                for (int b = 0; b < g.batchSize(); b++) {
                    int[] kept = g.keptPatches(0, b);
                    double target = (double) g.drawnRatio(0, b) * grid.patchCount();
                    double nearest = target; // the empty rectangle
                    for (int h = 1; h <= grid.rows(); h++) {
                        for (int w = 1; w <= grid.cols(); w++) {
                            nearest = Math.min(nearest, Math.abs(h * w - target));
                        }
                    }
                    assertEquals(nearest, Math.abs(kept.length - target), 0.0, "area nearest to λ·P, seed " + seed);
                    if (kept.length > 0) {
                        int top = Integer.MAX_VALUE;
                        int left = Integer.MAX_VALUE;
                        int bottom = -1;
                        int right = -1;
                        for (int i : kept) {
                            top = Math.min(top, i / grid.cols());
                            bottom = Math.max(bottom, i / grid.cols());
                            left = Math.min(left, i % grid.cols());
                            right = Math.max(right, i % grid.cols());
                        }
                        assertEquals((bottom - top + 1) * (right - left + 1), kept.length,
                                "member 0's patches fill their bounding box exactly, seed " + seed);
                    }
                    assertEquals(grid.patchCount() - kept.length, g.keptCount(1, b), "member 1 keeps the rest");
                }
            }
        }
    }

    @Test
    void boxTiesInAreaGoToTheSquarestRectangle() {
        // λ = 1/2 on a 7×7 grid: λ·P = 24.5, areas 24 (4×6, 3×8 ...) and 25 (5×5) tie; 5×5 is the squarest.
        PlanConfig cfg = new PlanConfig(2, RatioMode.FIXED, 1, MaskShape.BOX, Granularity.SAMPLE);
        for (long seed = 0; seed < 20; seed++) {
            GroupPlan g = MixingPlanner.plan(seed, 0, new int[] {1, 2}, 8, new PatchGrid(7, 7), cfg).groups().get(0);
            for (int b = 0; b < 8; b++) {
                int[] kept = g.keptPatches(0, b);
                assertEquals(25, kept.length);
                assertEquals(5, kept[kept.length - 1] / 7 - kept[0] / 7 + 1, "five rows");
            }
        }
    }

    @Test
    void batchGranularityGivesEverySamplePositionTheSameMask() {
        for (long seed = 0; seed < SEEDS; seed++) {
            for (MaskShape shape : MaskShape.values()) {
                SplittableRandom r = new SplittableRandom(seed);
                PlanConfig cfg = new PlanConfig(2, RatioMode.DIRICHLET, 1, shape, Granularity.BATCH);
                MixingPlan plan = MixingPlanner.plan(seed, r.nextInt(100), new int[] {3, 5, 8, 13}, 6, new PatchGrid(4, 5), cfg);
                for (GroupPlan g : plan.groups()) {
                    assertTrue(g.sharedAcrossBatch());
                    for (int b = 1; b < g.batchSize(); b++) {
                        for (int k = 0; k < g.size(); k++) {
                            assertArrayEquals(g.keptPatches(k, 0), g.keptPatches(k, b));
                            assertEquals(g.drawnRatio(k, 0), g.drawnRatio(k, b));
                        }
                    }
                }
            }
        }
    }

    @Test
    void samplePositionsGetTheirOwnMasks() {
        GroupPlan g = MixingPlanner.plan(42, 0, new int[] {0, 1}, 16, new PatchGrid(7, 7), PlanConfig.defaults()).groups().get(0);
        assertNotEquals(Arrays.toString(g.keptPatches(0, 0)), Arrays.toString(g.keptPatches(0, 1)));
    }

    @Test
    void identicalInputsGiveIdenticalPlansWhateverTheParticipantOrderOrCallOrder() {
        int[] ids = {11, 4, 7, 30, 2, 9, 21};
        for (long seed = 0; seed < SEEDS; seed++) {
            MixingPlan a = MixingPlanner.plan(seed, 5, ids, 8, new PatchGrid(7, 7), PlanConfig.defaults());
            MixingPlanner.plan(seed + 1, 6, ids, 8, new PatchGrid(7, 7), PlanConfig.defaults()); // unrelated call in between
            int[] reversed = ids.clone();
            for (int i = 0; i < reversed.length / 2; i++) {
                int t = reversed[i];
                reversed[i] = reversed[reversed.length - 1 - i];
                reversed[reversed.length - 1 - i] = t;
            }
            MixingPlan b = MixingPlanner.plan(seed, 5, reversed, 8, new PatchGrid(7, 7), PlanConfig.defaults());
            assertEquals(a, b);
            for (GroupPlan g : a.groups()) {
                for (int k = 0; k < g.size(); k++) {
                    assertEquals(g.selection(k), b.groups().get(g.index()).selection(k));
                }
            }
        }
    }

    @Test
    void identicalInputsGiveIdenticalPlansAcrossThreads() throws Exception {
        MixingPlan reference = MixingPlanner.plan(77, 3, new int[] {1, 2, 3, 4, 5}, 32, new PatchGrid(7, 7), PlanConfig.defaults());
        List<Thread> threads = new ArrayList<>();
        MixingPlan[] got = new MixingPlan[4];
        for (int t = 0; t < got.length; t++) {
            int slot = t;
            threads.add(new Thread(() -> got[slot] = MixingPlanner.plan(77, 3, new int[] {5, 4, 3, 2, 1}, 32, new PatchGrid(7, 7), PlanConfig.defaults())));
        }
        for (Thread t : threads) {
            t.start();
        }
        for (Thread t : threads) {
            t.join();
        }
        for (MixingPlan p : got) {
            assertEquals(reference, p);
        }
    }

    @Test
    void differentRoundsAndSeedsGiveDifferentPlans() {
        int[] ids = {1, 2, 3, 4};
        MixingPlan base = MixingPlanner.plan(9, 0, ids, 8, new PatchGrid(7, 7), PlanConfig.defaults());
        for (int round = 1; round < 50; round++) {
            assertNotEquals(base.groups(), MixingPlanner.plan(9, round, ids, 8, new PatchGrid(7, 7), PlanConfig.defaults()).groups(), "round " + round);
        }
        for (long seed = 10; seed < 60; seed++) {
            assertNotEquals(base.groups(), MixingPlanner.plan(seed, 0, ids, 8, new PatchGrid(7, 7), PlanConfig.defaults()).groups(), "seed " + seed);
        }
    }

    @Test
    void groupsAreChunksOfGWithTheRemainderInTheLastGroup() {
        for (int g = 1; g <= 5; g++) {
            for (int n = 1; n <= 23; n++) {
                int[] ids = new int[n];
                for (int i = 0; i < n; i++) {
                    ids[i] = 100 + i;
                }
                MixingPlan plan = MixingPlanner.plan(n * 31L + g, 0, ids, 2, new PatchGrid(7, 7), PlanConfig.defaults().withGroupSize(g));
                List<GroupPlan> groups = plan.groups();
                assertEquals(Math.max(1, n / g), groups.size(), "n=" + n + " G=" + g);
                int total = 0;
                for (GroupPlan gp : groups) {
                    if (gp.index() < groups.size() - 1) {
                        assertEquals(g, gp.size());
                    } else if (n >= g) {
                        assertTrue(gp.size() >= g && gp.size() <= 2 * g - 1, "remainder group size " + gp.size());
                        assertEquals(g + n % g, gp.size());
                    } else {
                        assertEquals(n, gp.size(), "fewer than G participants make one group");
                    }
                    for (int k = 0; k < gp.size(); k++) {
                        assertEquals(gp, plan.groupOf(gp.member(k)));
                        assertEquals(k, plan.memberIndexOf(gp.member(k)));
                        assertEquals(k, gp.memberIndexOf(gp.member(k)));
                    }
                    total += gp.size();
                }
                assertEquals(n, total);
                assertEquals(n, plan.participantCount());
            }
        }
    }

    @Test
    void theGroupingIsAShuffleNotTheSortedOrder() {
        int[] ids = new int[20];
        for (int i = 0; i < ids.length; i++) {
            ids[i] = i;
        }
        int sortedPairs = 0;
        for (long seed = 0; seed < 20; seed++) {
            GroupPlan first = MixingPlanner.plan(seed, 0, ids, 1, new PatchGrid(2, 2), PlanConfig.defaults()).groups().get(0);
            if (Arrays.equals(first.members(), new int[] {0, 1})) {
                sortedPairs++;
            }
        }
        assertTrue(sortedPairs < 3, "the first group should rarely be the two smallest ids");
    }

    @Test
    void aMemberSelectionMatchesItsKeptPatches() {
        MixingPlan plan = MixingPlanner.plan(3, 1, new int[] {1, 2, 3}, 5, new PatchGrid(3, 4), PlanConfig.defaults().withGroupSize(3));
        GroupPlan g = plan.groups().get(0);
        for (int k = 0; k < g.size(); k++) {
            TokenSelection s = g.selection(k);
            assertEquals(5, s.batch());
            assertEquals(12, s.patches());
            for (int b = 0; b < 5; b++) {
                assertArrayEquals(g.keptPatches(k, b), s.indices(b));
            }
        }
    }

    @Test
    void anUnknownClientIsReportedByItsId() {
        MixingPlan plan = MixingPlanner.plan(3, 4, new int[] {1, 2}, 5, new PatchGrid(3, 4), PlanConfig.defaults());
        try {
            plan.groupOf(99);
            fail("client 99 is not in the plan");
        } catch (IllegalArgumentException e) {
            assertEquals("client 99 does not take part in round 4", e.getMessage());
        }
    }
}
