package org.cutmixsl.model.optim;

import java.util.Locale;

/**
 * Optimiser and schedule settings of one side (server: body and tail; client: head). Validated when built; the key
 * prefix ({@code server.optim} or {@code client.optim}) makes messages name the configuration key.
 *
 * @param keyPrefix configuration prefix used in messages
 * @param kind adamw or sgd
 * @param learningRate peak learning rate
 * @param weightDecay decoupled weight decay (AdamW) or L2 (SGD); never applied to biases, norms or embeddings
 * @param beta1 AdamW first-moment decay
 * @param beta2 AdamW second-moment decay
 * @param epsilon AdamW epsilon
 * @param momentum SGD momentum
 * @param warmupSteps linear warm-up steps
 * @param totalSteps steps of the whole run (the cosine reaches its floor there)
 * @param minLrRatio floor of the cosine as a fraction of the peak
 * @param clipNorm global gradient-norm clip, 0 = off
 */
public record OptimizerConfig(
        String keyPrefix,
        Kind kind,
        float learningRate,
        float weightDecay,
        float beta1,
        float beta2,
        float epsilon,
        float momentum,
        int warmupSteps,
        int totalSteps,
        float minLrRatio,
        float clipNorm) implements java.io.Serializable {

    /** The optimiser algorithm. */
    public enum Kind {
        /** Adam with decoupled weight decay. */
        ADAMW,
        /** SGD with heavy-ball momentum. */
        SGD;

        /**
         * @param key the configuration key, for the message
         * @param value the configured name
         * @return the kind
         */
        public static Kind parse(String key, String value) {
            for (Kind kind : values()) {
                if (kind.name().equalsIgnoreCase(value)) {
                    return kind;
                }
            }
            throw new IllegalArgumentException(key + " = \"" + value + "\": expected adamw or sgd");
        }
    }

    /** Validates every field. */
    public OptimizerConfig {
        check(keyPrefix + ".lr", learningRate, learningRate > 0 && Float.isFinite(learningRate), "a positive number");
        check(keyPrefix + ".weightDecay", weightDecay, weightDecay >= 0 && Float.isFinite(weightDecay), "≥ 0");
        check(keyPrefix + ".beta1", beta1, beta1 >= 0 && beta1 < 1, "in [0, 1)");
        check(keyPrefix + ".beta2", beta2, beta2 >= 0 && beta2 < 1, "in [0, 1)");
        check(keyPrefix + ".epsilon", epsilon, epsilon > 0, "a positive number");
        check(keyPrefix + ".momentum", momentum, momentum >= 0 && momentum < 1, "in [0, 1)");
        check(keyPrefix + ".warmupSteps", warmupSteps, warmupSteps >= 0, "≥ 0");
        check(keyPrefix + ".totalSteps", totalSteps, totalSteps >= 1, "≥ 1");
        check(keyPrefix + ".minLrRatio", minLrRatio, minLrRatio >= 0 && minLrRatio <= 1, "in [0, 1]");
        check(keyPrefix + ".clipNorm", clipNorm, clipNorm >= 0 && Float.isFinite(clipNorm), "≥ 0 (0 = off)");
    }

    private static void check(String key, double value, boolean ok, String expected) {
        if (!ok) {
            throw new IllegalArgumentException(String.format(Locale.ROOT, "%s = %s: expected %s", key,
                    value == Math.rint(value) ? String.valueOf((long) value) : String.valueOf(value), expected));
        }
    }

    /**
     * AdamW with common ViT defaults.
     *
     * @param learningRate peak learning rate
     * @param totalSteps steps of the run
     * @return the configuration
     */
    public static OptimizerConfig adamw(float learningRate, int totalSteps) {
        return new OptimizerConfig("optim", Kind.ADAMW, learningRate, 0.05f, 0.9f, 0.999f, 1e-8f, 0f,
                0, totalSteps, 0f, 0f);
    }

    /** @return a copy with another schedule length */
    public OptimizerConfig withSchedule(int warmup, int total) {
        return new OptimizerConfig(keyPrefix, kind, learningRate, weightDecay, beta1, beta2, epsilon, momentum,
                warmup, total, minLrRatio, clipNorm);
    }

    /** @return the schedule of this configuration */
    public LearningRateSchedule schedule() {
        return new LearningRateSchedule(learningRate, warmupSteps, totalSteps, minLrRatio);
    }
}
