package org.cutmixsl.model.optim;

/**
 * Linear warm-up to the peak, then a half cosine down to {@code minRatio·peak} at the last step.
 *
 * @param peak the peak learning rate
 * @param warmupSteps steps of linear warm-up (step 0 uses peak/warmup)
 * @param totalSteps the run's steps
 * @param minRatio the floor as a fraction of the peak
 */
public record LearningRateSchedule(float peak, int warmupSteps, int totalSteps, float minRatio) {

    /**
     * @param step zero-based optimiser step
     * @return the learning rate of that step
     */
    public float at(int step) {
        if (step < warmupSteps) {
            return peak * (step + 1) / warmupSteps;
        }
        int decaySteps = Math.max(1, totalSteps - warmupSteps);
        double progress = Math.min(1.0, (double) (step - warmupSteps) / decaySteps);
        double floor = peak * minRatio;
        return (float) (floor + 0.5 * (peak - floor) * (1 + Math.cos(Math.PI * progress)));
    }
}
