package org.cutmixsl.model.optim;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/**
 * The warm-up/cosine schedule at the points that define it: linear warm-up reaching the peak at its last step,
 * the cosine's midpoint halfway between peak and floor, and the floor (minLrRatio·peak) at the last step.
 */
class LearningRateScheduleMatchesClosedForm {

    private static final float PEAK = 0.4f;
    private static final int WARMUP = 4;
    private static final int TOTAL = 24;
    private static final float MIN_RATIO = 0.1f;
    private final LearningRateSchedule schedule = new LearningRateSchedule(PEAK, WARMUP, TOTAL, MIN_RATIO);

    @Test
    void warmUpRisesLinearlyToThePeak() {
        assertEquals(0.1, schedule.at(0), 1e-7); // step 0: peak/warmup
        assertEquals(0.2, schedule.at(1), 1e-7); // mid warm-up
        assertEquals(0.4, schedule.at(3), 1e-7); // last warm-up step reaches the peak
    }

    @Test
    void cosineStartsAtThePeakAndPassesHalfwayAtItsMiddle() {
        assertEquals(0.4, schedule.at(WARMUP), 1e-7); // progress 0
        // progress 1/2 at step 4 + 10: floor + (peak − floor)/2 = 0.04 + 0.18
        assertEquals(0.22, schedule.at(WARMUP + 10), 1e-7);
        // progress 1/4 at step 4 + 5: floor + (peak − floor)(1 + cos(π/4))/2
        assertEquals(0.04 + 0.36 * (1 + Math.sqrt(0.5)) / 2, schedule.at(WARMUP + 5), 1e-7);
    }

    @Test
    void lastStepReachesTheFloorAndStaysThere() {
        assertEquals(0.04, schedule.at(TOTAL), 1e-7);
        assertEquals(0.04 + 0.36 * (1 + Math.cos(Math.PI * 19 / 20)) / 2, schedule.at(TOTAL - 1), 1e-7);
        assertEquals(0.04, schedule.at(TOTAL + 100), 1e-7);
    }

    @Test
    void everyStepMatchesTheClosedForm() {
        for (int step = 0; step <= TOTAL; step++) {
            assertEquals(OptimizersMatchClosedForms.scheduledLr(PEAK, WARMUP, TOTAL, MIN_RATIO, step), schedule.at(step),
                    1e-7, "step " + step);
        }
    }

    @Test
    void withoutWarmUpStepZeroIsThePeak() {
        assertEquals(0.4, new LearningRateSchedule(PEAK, 0, TOTAL, MIN_RATIO).at(0), 1e-7);
    }
}
