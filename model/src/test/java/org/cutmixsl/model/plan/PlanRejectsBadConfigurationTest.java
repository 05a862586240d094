package org.cutmixsl.model.plan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.cutmixsl.model.plan.PlanConfig.Granularity;
import org.cutmixsl.model.plan.PlanConfig.MaskShape;
import org.cutmixsl.model.plan.PlanConfig.RatioMode;
import org.junit.jupiter.api.Test;

/** Configuration errors fail with a message naming the key, the value and the expectation; nothing is capped silently. */
class PlanRejectsBadConfigurationTest {

    private static String message(Runnable r) {
        return assertThrows(IllegalArgumentException.class, r::run).getMessage();
    }

    @Test
    void defaultsAreTheSpecDefaults() {
        PlanConfig d = PlanConfig.defaults();
        assertEquals(new PlanConfig(2, RatioMode.DIRICHLET, 1.0, MaskShape.RANDOM, Granularity.SAMPLE), d);
    }

    @Test
    void groupSizeOutOfRangeNamesTheKey() {
        assertEquals("plan.groupSize must be between 1 and 128, got 0",
                message(() -> new PlanConfig(0, RatioMode.DIRICHLET, 1, MaskShape.RANDOM, Granularity.SAMPLE)));
        assertEquals("plan.groupSize must be between 1 and 128, got 129",
                message(() -> PlanConfig.defaults().withGroupSize(129)));
    }

    @Test
    void alphaMustBeFiniteAndPositive() {
        assertEquals("plan.alpha must be a finite number > 0, got 0.0", message(() -> PlanConfig.defaults().withAlpha(0)));
        assertEquals("plan.alpha must be a finite number > 0, got -1.0", message(() -> PlanConfig.defaults().withAlpha(-1)));
        assertEquals("plan.alpha must be a finite number > 0, got NaN", message(() -> PlanConfig.defaults().withAlpha(Double.NaN)));
        assertEquals("plan.alpha must be a finite number > 0, got Infinity", message(() -> PlanConfig.defaults().withAlpha(Double.POSITIVE_INFINITY)));
    }

    @Test
    void boxNeedsGroupsOfTwo() {
        assertEquals("plan.shape=BOX requires plan.groupSize=2 (one rectangle and its complement), got plan.groupSize=3",
                message(() -> new PlanConfig(3, RatioMode.DIRICHLET, 1, MaskShape.BOX, Granularity.SAMPLE)));
    }

    @Test
    void boxWithAnOddNumberOfParticipantsIsRejectedNotMixedAnotherWay() {
        PlanConfig box = PlanConfig.defaults().withShape(MaskShape.BOX);
        assertEquals("plan.shape=BOX needs groups of at most 2 members, but 5 participants in groups of 2 leave a group of 3: "
                        + "use an even number of participants or plan.shape=RANDOM",
                message(() -> MixingPlanner.plan(1, 0, new int[] {1, 2, 3, 4, 5}, 4, new PatchGrid(7, 7), box)));
    }

    @Test
    void aGroupSizeAboveThePatchCountIsAConfigurationError() {
        assertEquals("plan.groupSize=5 is larger than the 4 patches of the 2x2 patch grid: every member of a group needs at least one patch to keep",
                message(() -> MixingPlanner.plan(1, 0, new int[] {1, 2, 3, 4, 5}, 4, new PatchGrid(2, 2), PlanConfig.defaults().withGroupSize(5))));
    }

    @Test
    void aRemainderGroupLargerThanThePatchCountIsRejected() {
        // G = 3 fits 4 patches, but 7 participants leave a last group of 3 + 1 = 4... and 8 leave 5.
        assertEquals("group 1 would have 5 members (8 participants in groups of plan.groupSize=3, the last taking the remainder) but the 2x2 patch grid has only 4 patches",
                message(() -> MixingPlanner.plan(1, 0, new int[] {1, 2, 3, 4, 5, 6, 7, 8}, 4, new PatchGrid(2, 2), PlanConfig.defaults().withGroupSize(3))));
    }

    @Test
    void duplicateParticipantsAreRejected() {
        assertEquals("participant 3 is listed twice",
                message(() -> MixingPlanner.plan(1, 0, new int[] {3, 1, 3}, 4, new PatchGrid(2, 2), PlanConfig.defaults())));
    }

    @Test
    void anEmptyRoundIsRejected() {
        assertEquals("a plan needs at least one participant",
                message(() -> MixingPlanner.plan(1, 0, new int[0], 4, new PatchGrid(2, 2), PlanConfig.defaults())));
    }

    @Test
    void patchGridsMustBeCutEvenly() {
        assertEquals(new PatchGrid(7, 7), PatchGrid.of(28, 28, 4));
        assertEquals("image 28x28 cannot be cut into 5x5 patches", message(() -> PatchGrid.of(28, 28, 5)));
    }
}
