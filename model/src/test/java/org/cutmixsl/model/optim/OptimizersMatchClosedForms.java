package org.cutmixsl.model.optim;

import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.core.Linear;
import org.cutmixsl.model.train.Autograd;
import org.junit.jupiter.api.Test;

/**
 * AdamW and SGD with momentum, run for several steps through libtorch on a small linear layer (a weight, which
 * takes weight decay, and a bias, which does not), match their closed forms computed here in double precision,
 * with the learning rate of each step taken from the warm-up/cosine closed form.
 */
class OptimizersMatchClosedForms {

    private static final int STEPS = 6;
    private static final float LR = 0.1f;
    private static final float WD = 0.2f;
    private static final int WARMUP = 2;
    private static final float MIN_RATIO = 0.1f;
    private static final double TOLERANCE = 2e-6;

    /** Known gradient of step {@code t} for element {@code i}: varied signs and magnitudes. */
    private static float gradient(int t, int i, int salt) {
        return (float) (Math.sin(1.3 * i + 0.7 * t + salt) * (1 + 0.5 * ((i + t) % 3)));
    }

    /** The closed form of the schedule, written independently of {@link LearningRateSchedule}. */
    static double scheduledLr(double peak, int warmup, int total, double minRatio, int step) {
        if (step < warmup) {
            return peak * (step + 1) / warmup;
        }
        double progress = Math.min(1.0, (double) (step - warmup) / Math.max(1, total - warmup));
        double floor = peak * minRatio;
        return floor + (peak - floor) * (1 + Math.cos(Math.PI * progress)) / 2;
    }

    @Test
    void adamWMatchesDecoupledBiasCorrectedUpdate() {
        float beta1 = 0.9f;
        float beta2 = 0.99f;
        float eps = 1e-8f;
        OptimizerConfig config = new OptimizerConfig("test.optim", OptimizerConfig.Kind.ADAMW, LR, WD, beta1, beta2,
                eps, 0f, WARMUP, STEPS, MIN_RATIO, 0f);
        run(config, (w, m, v, g, t, lr, decays) -> {
            for (int i = 0; i < w.length; i++) {
                if (decays) {
                    w[i] -= lr * WD * w[i]; // decoupled: not through the moments
                }
                m[i] = beta1 * m[i] + (1 - beta1) * g[i];
                v[i] = beta2 * v[i] + (1 - beta2) * g[i] * g[i];
                double mHat = m[i] / (1 - Math.pow(beta1, t));
                double vHat = v[i] / (1 - Math.pow(beta2, t));
                w[i] -= lr * mHat / (Math.sqrt(vHat) + eps);
            }
        });
    }

    @Test
    void sgdMomentumMatchesLearningRateInsideHeavyBall() {
        float momentum = 0.9f;
        OptimizerConfig config = new OptimizerConfig("test.optim", OptimizerConfig.Kind.SGD, LR, WD, 0.9f, 0.999f,
                1e-8f, momentum, WARMUP, STEPS, MIN_RATIO, 0f);
        run(config, (w, velocity, unused, g, t, lr, decays) -> {
            for (int i = 0; i < w.length; i++) {
                double decay = decays ? WD * w[i] : 0;
                velocity[i] = momentum * velocity[i] + lr * (g[i] + decay);
                w[i] -= velocity[i];
            }
        });
    }

    /** One step of the reference, in place on the weights and the state. */
    private interface Reference {
        void step(double[] w, double[] s1, double[] s2, double[] g, int t, double lr, boolean decays);
    }

    private static void run(OptimizerConfig config, Reference reference) {
        try (NDManager manager = NDManager.newBaseManager()) {
            Linear block = Linear.builder().setUnits(3).build();
            block.initialize(manager, DataType.FLOAT32, new Shape(1, 2));
            NDArray weight = block.getParameters().get("weight").getArray();
            NDArray bias = block.getParameters().get("bias").getArray();
            double[] w = toDouble(weight.toFloatArray());
            double[] b = toDouble(bias.toFloatArray());
            double[][] wState = {new double[w.length], new double[w.length]};
            double[][] bState = {new double[b.length], new double[b.length]};
            try (Optimizer optimizer = Optimizer.create(config, block, manager)) {
                optimizer.zeroGradients();
                for (int t = 0; t < STEPS; t++) {
                    float[] gw = new float[w.length];
                    float[] gb = new float[b.length];
                    for (int i = 0; i < gw.length; i++) {
                        gw[i] = gradient(t, i, 0);
                    }
                    for (int i = 0; i < gb.length; i++) {
                        gb[i] = gradient(t, i, 5);
                    }
                    try (NDManager step = manager.newSubManager(); Autograd.Scope graph = Autograd.gradMode(true)) {
                        // loss = Σ w·gw + Σ b·gb, so the gradients are exactly gw and gb
                        NDArray loss = weight.mul(step.create(gw, weight.getShape())).sum()
                                .add(bias.mul(step.create(gb)).sum());
                        loss.attach(step);
                        Autograd.backward(loss);
                    }
                    optimizer.step();
                    double lr = scheduledLr(LR, WARMUP, STEPS, MIN_RATIO, t);
                    reference.step(w, wState[0], wState[1], toDouble(gw), t + 1, lr, true);
                    reference.step(b, bState[0], bState[1], toDouble(gb), t + 1, lr, false);
                    assertClose(w, weight.toFloatArray(), "weight after step " + (t + 1));
                    assertClose(b, bias.toFloatArray(), "bias after step " + (t + 1));
                }
                assertEquals(STEPS, optimizer.steps());
            }
        }
    }

    private static void assertClose(double[] expected, float[] actual, String what) {
        assertEquals(expected.length, actual.length, what);
        for (int i = 0; i < expected.length; i++) {
            assertEquals(expected[i], actual[i], TOLERANCE, what + " [" + i + "]");
        }
    }

    private static double[] toDouble(float[] values) {
        double[] out = new double[values.length];
        for (int i = 0; i < values.length; i++) {
            out[i] = values[i];
        }
        return out;
    }
}
