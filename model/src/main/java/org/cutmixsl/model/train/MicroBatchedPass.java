package org.cutmixsl.model.train;

import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.List;
import org.cutmixsl.model.mixer.MixedBatch;

/**
 * The server's pass over one step: every group's batch goes through body and tail in micro-batches of at
 * most {@code microBatch} samples (a group is never split), gradients accumulate, and each group's
 * ∂L/∂X̃ is handed back to it as soon as its micro-batch is done, so memory holds one micro-batch, not
 * the round. The optimiser step is the caller's ({@link BodyAndTail#step()}), once per step.
 *
 * <p>Groups are processed in the order given, so the sums are the same on every run.
 */
public final class MicroBatchedPass {

    private MicroBatchedPass() {}

    /** One mixing group of the step, as the server sees it. */
    public interface Group {
        /** @return the samples this group contributes (its batch size) */
        int samples();

        /** @return the group's mixed batch; the server closes it */
        MixedBatch mix();

        /**
         * Receives the group's share of ∂L/∂X̃.
         *
         * @param gradTokens (samples, P, D) row-major
         */
        void gradient(float[] gradTokens);
    }

    /**
     * @param model the server's body and tail
     * @param groups the step's groups
     * @param microBatch the most samples per forward pass
     * @return the step's mean loss (over all samples of the step)
     */
    public static float run(BodyAndTail model, List<? extends Group> groups, int microBatch) {
        int total = 0;
        for (Group g : groups) {
            total += g.samples();
        }
        int tokenValues = model.config().patchCount() * model.config().width();
        int classes = model.config().classes();
        double loss = 0;
        int next = 0;
        while (next < groups.size()) {
            List<Group> chunk = new ArrayList<>();
            int samples = 0;
            while (next < groups.size() && (chunk.isEmpty() || samples + groups.get(next).samples() <= microBatch)) {
                samples += groups.get(next).samples();
                chunk.add(groups.get(next++));
            }
            FloatBuffer tokens = FloatBuffer.allocate(samples * tokenValues);
            float[] targets = new float[samples * classes];
            int offset = 0;
            for (Group g : chunk) {
                try (MixedBatch batch = g.mix()) {
                    if (batch.batch() != g.samples()) {
                        throw new IllegalStateException("group mixed " + batch.batch() + " samples, declared " + g.samples());
                    }
                    FloatBuffer src = batch.tokens().duplicate();
                    src.rewind();
                    tokens.put(src);
                    System.arraycopy(batch.softLabels(), 0, targets, offset * classes, g.samples() * classes);
                    offset += g.samples();
                }
            }
            tokens.flip();
            BodyAndTail.MicroBatchResult result = model.accumulate(tokens, samples, targets, total);
            loss += result.loss();
            int at = 0;
            for (Group g : chunk) {
                float[] grad = new float[g.samples() * tokenValues];
                System.arraycopy(result.gradTokens(), at, grad, 0, grad.length);
                at += grad.length;
                g.gradient(grad);
            }
        }
        return (float) loss;
    }
}
