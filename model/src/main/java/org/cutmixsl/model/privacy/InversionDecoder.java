package org.cutmixsl.model.privacy;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import org.cutmixsl.model.vit.NativeArrays;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.Parameter;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.core.Linear;
import ai.djl.util.Pair;
import java.util.Iterator;
import java.util.Locale;
import java.util.SplittableRandom;
import org.cutmixsl.model.optim.Optimizer;
import org.cutmixsl.model.optim.OptimizerConfig;
import org.cutmixsl.model.train.Autograd;
import org.cutmixsl.model.train.Seeds;
import org.cutmixsl.model.vit.ViTConfig;
import org.cutmixsl.model.vit.VitBlock;

/**
 * The reconstruction attack's model (SPEC section 6): an honest-but-curious server that knows the head's
 * architecture and weights and owns a holdout of images learns to map what it receives back to images.
 *
 * <p>Input: the received smashed data (B, P, D), punched tokens as zeros, and the received-token mask (B, P)
 * (the server knows which tokens it received). Output: images (B, H, W, C).
 *
 * <ol>
 *   <li>Each received token is standardised per feature with the mean and standard deviation of the received
 *       tokens of the first training batch (fixed afterwards), punched tokens stay 0, and the mask bit is
 *       appended: (B, P, D+1).
 *   <li>A per-token MLP: linear to {@value #HIDDEN} plus a learned per-position term (the head adds a
 *       position embedding, so where a token sits matters), GELU, linear to the token's p·p·C pixels.
 *   <li>Unpatchify, in the head's order (row-major grid, each patch flattened as row, column, channel).
 *   <li>A residual 3×3 convolutional refinement across patch borders (C → {@value #REFINE_CHANNELS}, GELU,
 *       → C; the last convolution starts at zero), then tanh: values in [−1, 1] like the head's input.
 * </ol>
 *
 * <p>Trained with MSE against the images scaled to [−1, 1] and AdamW (this project's {@link Optimizer}, no
 * weight decay, cosine schedule to a tenth of the rate). Initial weights come from the seed (normal with
 * standard deviation 1/√fan-in, per parameter from its own generator); with a deterministic batch iterator
 * (for instance batches drawn with {@code MinibatchSampler.indices} from the holdout) training on CPU is
 * deterministic. Every array of a step lives in a step-scoped sub-manager. Intra-op threads are the calling
 * thread's ({@code Autograd.setThreads}). Holds native memory: close it.
 */
public final class InversionDecoder implements AutoCloseable {

    /** Width of the per-token MLP's hidden layer. */
    public static final int HIDDEN = 256;
    /** Channels of the convolutional refinement. */
    public static final int REFINE_CHANNELS = 32;

    private final ViTConfig config;
    private final NDManager manager;
    private final Network network;
    private final long seed;
    private float[] featureMean;
    private float[] featureInvStd;

    /**
     * @param config the attacked model's shape (image size, patch size, width D)
     * @param device where the decoder computes
     * @param seed the seed of its initial weights
     */
    public InversionDecoder(ViTConfig config, Device device, long seed) {
        this.config = config;
        this.seed = seed;
        this.manager = NDManager.newBaseManager(device);
        try {
            this.network = new Network(config);
            network.initialize(manager, DataType.FLOAT32, new Shape(1, config.patchCount(), config.width() + 1));
            initialize(network, seed);
        } catch (RuntimeException e) {
            manager.close();
            throw e;
        }
    }

    /**
     * Trains the decoder for a number of steps, one batch per step, with a fresh AdamW.
     *
     * @param batches at least {@code steps} batches (more are not read)
     * @param steps optimiser steps
     * @param learningRate peak learning rate of the cosine schedule
     * @return the training loss (MSE in the [−1, 1] scale) of every step
     */
    public float[] train(Iterator<AttackBatch> batches, int steps, float learningRate) {
        if (steps < 1) {
            throw new IllegalArgumentException("attack.decoder.steps = " + steps + ": expected ≥ 1");
        }
        OptimizerConfig optim = new OptimizerConfig("attack.decoder", OptimizerConfig.Kind.ADAMW, learningRate,
                0f, 0.9f, 0.999f, 1e-8f, 0f, 0, steps, 0.1f, 0f);
        float[] losses = new float[steps];
        try (Optimizer optimizer = Optimizer.create(optim, network, manager)) {
            optimizer.zeroGradients();
            for (int s = 0; s < steps; s++) {
                if (!batches.hasNext()) {
                    throw new IllegalArgumentException(
                            "attack decoder: the batches ran out after " + s + " of " + steps + " steps");
                }
                AttackBatch batch = batches.next();
                check(batch);
                if (featureMean == null) {
                    standardiseWith(batch);
                }
                try (NDManager step = manager.newSubManager(); Autograd.Scope graph = Autograd.gradMode(true)) {
                    NDArray output = network.apply(input(step, batch), true);
                    NDArray target = step.create(batch.images(), output.getShape()).mul(2f).sub(1f);
                    NDArray loss = output.sub(target).square().mean();
                    Autograd.backward(loss);
                    losses[s] = loss.getFloat();
                }
                optimizer.step();
            }
        }
        return losses;
    }

    /**
     * Reconstructs images from received smashed data.
     *
     * @param smashed B·P·D received tokens, zero where punched
     * @param mask B·P, 1 where the token was received
     * @param batch B
     * @return B·H·W·C values in [0, 1], HWC
     */
    public float[] reconstruct(float[] smashed, float[] mask, int batch) {
        AttackBatch b = new AttackBatch(batch, smashed, mask, new float[batch * config.imageValues()]);
        check(b);
        if (featureMean == null) {
            throw new IllegalStateException("attack decoder: reconstruct called before train");
        }
        try (NDManager step = manager.newSubManager(); Autograd.Scope noGraph = Autograd.gradMode(false)) {
            float[] out = network.apply(input(step, b), false).toFloatArray();
            for (int i = 0; i < out.length; i++) {
                out[i] = Math.min(1f, Math.max(0f, (out[i] + 1f) * 0.5f));
            }
            return out;
        }
    }

    /** @return the attacked model's shape */
    public ViTConfig config() {
        return config;
    }

    /** @return the seed of the initial weights */
    public long seed() {
        return seed;
    }

    @Override
    public void close() {
        manager.close();
    }

    /** Standardised received tokens with the mask appended: (B, P, D+1), in the step's manager. */
    private NDArray input(NDManager step, AttackBatch batch) {
        int b = batch.size();
        int p = config.patchCount();
        int d = config.width();
        float[] x = new float[b * p * (d + 1)];
        float[] s = batch.smashed();
        float[] m = batch.mask();
        for (int t = 0; t < b * p; t++) {
            int out = t * (d + 1);
            if (m[t] != 0f) {
                int in = t * d;
                for (int f = 0; f < d; f++) {
                    x[out + f] = (s[in + f] - featureMean[f]) * featureInvStd[f];
                }
            }
            x[out + d] = m[t];
        }
        return step.create(x, new Shape(b, p, d + 1));
    }

    private void standardiseWith(AttackBatch batch) {
        int d = config.width();
        double[] sum = new double[d];
        double[] squares = new double[d];
        long received = 0;
        for (int t = 0; t < batch.mask().length; t++) {
            if (batch.mask()[t] != 0f) {
                received++;
                for (int f = 0; f < d; f++) {
                    double v = batch.smashed()[t * d + f];
                    sum[f] += v;
                    squares[f] += v * v;
                }
            }
        }
        featureMean = new float[d];
        featureInvStd = new float[d];
        for (int f = 0; f < d; f++) {
            double mean = received > 0 ? sum[f] / received : 0;
            double variance = received > 1 ? squares[f] / received - mean * mean : 1;
            featureMean[f] = (float) mean;
            featureInvStd[f] = (float) (1 / Math.sqrt(Math.max(variance, 1e-12)));
        }
    }

    private void check(AttackBatch batch) {
        int b = batch.size();
        if (batch.mask().length != b * config.patchCount()
                || batch.smashed().length != b * config.patchCount() * config.width()
                || batch.images().length != b * config.imageValues()) {
            throw new IllegalArgumentException(String.format(Locale.ROOT,
                    "attack batch of %d samples: %d smashed, %d mask and %d image values; the model %s expects"
                            + " %d tokens of width %d and %dx%dx%d images per sample",
                    b, batch.smashed().length, batch.mask().length, batch.images().length, config.name(),
                    config.patchCount(), config.width(), config.imageHeight(), config.imageWidth(),
                    config.channels()));
        }
    }

    /** Normal(0, 1/fan-in) weights, each parameter from its own seeded generator; zero biases and positions. */
    private static void initialize(Network network, long seed) {
        for (Pair<String, Parameter> entry : network.getParameters()) {
            Parameter parameter = entry.getValue();
            NDArray array = parameter.getArray();
            float[] values = new float[Math.toIntExact(array.size())];
            boolean zero = parameter.getType() != Parameter.Type.WEIGHT || entry.getKey().endsWith("refine2_weight");
            if (!zero) {
                Shape shape = array.getShape();
                long fanIn = shape.size() / shape.get(0);
                double std = 1 / Math.sqrt(fanIn);
                SplittableRandom random = new SplittableRandom(Seeds.mix(seed, entry.getKey().hashCode()));
                for (int i = 0; i < values.length; i++) {
                    values[i] = (float) (random.nextGaussian() * std);
                }
            }
            NativeArrays.write(array, values);
        }
    }

    /** The decoder's layers as one block; parameters are read directly, as the ViT's blocks do. */
    static final class Network extends VitBlock {

        private final ViTConfig config;
        private final Parameter tokenWeight;
        private final Parameter tokenBias;
        private final Parameter position;
        private final Parameter pixelWeight;
        private final Parameter pixelBias;
        private final Parameter refine1Weight;
        private final Parameter refine1Bias;
        private final Parameter refine2Weight;
        private final Parameter refine2Bias;
        private final Shape stride = new Shape(1, 1);
        private final Shape padding = new Shape(1, 1);

        Network(ViTConfig config) {
            this.config = config;
            int c = config.channels();
            tokenWeight = param("token_weight", Parameter.Type.WEIGHT, HIDDEN, config.width() + 1);
            tokenBias = param("token_bias", Parameter.Type.BIAS, HIDDEN);
            position = param("position", Parameter.Type.OTHER, 1, config.patchCount(), HIDDEN);
            pixelWeight = param("pixel_weight", Parameter.Type.WEIGHT, config.patchDim(), HIDDEN);
            pixelBias = param("pixel_bias", Parameter.Type.BIAS, config.patchDim());
            refine1Weight = param("refine1_weight", Parameter.Type.WEIGHT, REFINE_CHANNELS, c, 3, 3);
            refine1Bias = param("refine1_bias", Parameter.Type.BIAS, REFINE_CHANNELS);
            refine2Weight = param("refine2_weight", Parameter.Type.WEIGHT, c, REFINE_CHANNELS, 3, 3);
            refine2Bias = param("refine2_bias", Parameter.Type.BIAS, c);
        }

        /**
         * @param x (B, P, D+1) standardised tokens and the mask bit
         * @return (B, H, W, C) in [−1, 1]
         */
        @Override
        public NDArray apply(NDArray x, boolean training) {
            long b = x.getShape().get(0);
            int p = config.patchSize();
            NDArray hidden = Linear.linear(x, value(tokenWeight), value(tokenBias)).singletonOrThrow()
                    .add(value(position));
            hidden = Activation.gelu(hidden);
            NDArray pixels = Linear.linear(hidden, value(pixelWeight), value(pixelBias)).singletonOrThrow();
            NDArray images = pixels
                    .reshape(b, config.gridRows(), config.gridCols(), p, p, config.channels())
                    .transpose(0, 1, 3, 2, 4, 5)
                    .reshape(b, config.imageHeight(), config.imageWidth(), config.channels());
            NDArray nchw = images.transpose(0, 3, 1, 2);
            NDArray r = Conv2d.conv2d(nchw, value(refine1Weight), value(refine1Bias), stride, padding)
                    .singletonOrThrow();
            r = Conv2d.conv2d(Activation.gelu(r), value(refine2Weight), value(refine2Bias), stride, padding)
                    .singletonOrThrow();
            return NDArrays.add(nchw, r).tanh().transpose(0, 2, 3, 1);
        }

        @Override
        public Shape[] getOutputShapes(Shape[] inputShapes) {
            return new Shape[] {new Shape(inputShapes[0].get(0), config.imageHeight(), config.imageWidth(),
                    config.channels())};
        }
    }
}
