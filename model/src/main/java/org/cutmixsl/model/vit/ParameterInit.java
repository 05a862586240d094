package org.cutmixsl.model.vit;

import ai.djl.ndarray.NDArray;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.util.Pair;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * Standard ViT initialisation from a seed: truncated normal (std 0.02, cut at two standard deviations)
 * for linear weights and embeddings, zero biases, layer norm scale 1 and shift 0; the patch embedding's
 * weight is uniform in ±1/√fan_in, as a convolution's default init in PyTorch (and the reference ViT's
 * patch embedding, a {@code Conv2d}), so that patch tokens start at about unit scale. With 0.02 they start
 * some ten times smaller than that for Fashion-MNIST's 16-value patches, and seeds stalled on a plateau for
 * tens of rounds (README, "Stalled runs").
 *
 * <p>Each parameter draws from its own generator, derived from the seed and the parameter's full name
 * ({@code head_patch_weight}), so the same seed gives the same weights whether a part is built
 * alone or inside the whole model, on any thread, in any order.
 */
public final class ParameterInit {

    /** Standard deviation of the truncated normal. */
    public static final double STD = 0.02;

    /** Name of the patch embedding's weight, (width, patchDim): its fan-in is patchDim. */
    static final String PATCH_WEIGHT = "patch_weight";

    private ParameterInit() {}

    /**
     * Writes initial values into every parameter of an initialized block.
     *
     * @param block the block, already initialized (shapes allocated)
     * @param seed the run's seed
     * @param prefix the block's name inside the whole model ("head", "body", "tail"), or "" for the
     *     whole model itself
     */
    public static void apply(Block block, long seed, String prefix) {
        for (Pair<String, Parameter> entry : block.getParameters()) {
            String key = canonicalName(entry.getKey());
            String fullName = prefix.isEmpty() ? key : prefix + "_" + key;
            Parameter parameter = entry.getValue();
            NDArray array = parameter.getArray();
            int size = Math.toIntExact(array.size());
            float[] values = new float[size];
            if (key.endsWith(PATCH_WEIGHT)) {
                fillUniform(values, 1.0 / Math.sqrt(array.getShape().get(array.getShape().dimension() - 1)),
                        new SplittableRandom(mix(seed, fullName)));
                NativeArrays.write(array, values);
                continue;
            }
            switch (parameter.getType()) {
                case WEIGHT:
                case OTHER:
                    fillTruncatedNormal(values, new SplittableRandom(mix(seed, fullName)));
                    break;
                case GAMMA:
                    Arrays.fill(values, 1f);
                    break;
                case BIAS:
                case BETA:
                default:
                    break;
            }
            NativeArrays.write(array, values);
        }
    }

    /**
     * A parameter's name without DJL's child-order prefixes: DJL names children {@code 01head},
     * {@code 02body}, so the same parameter is {@code 02body_01block0_qkv_weight} inside the whole model
     * and {@code 01block0_qkv_weight} in a body built alone. Both become {@code body_block0_qkv_weight}.
     */
    public static String canonicalName(String djlName) {
        return djlName.replaceAll("(^|_)\\d{2}(?=[A-Za-z])", "$1");
    }

    private static void fillTruncatedNormal(float[] values, SplittableRandom random) {
        for (int i = 0; i < values.length; i++) {
            double z;
            do {
                z = random.nextGaussian();
            } while (Math.abs(z) > 2.0);
            values[i] = (float) (z * STD);
        }
    }

    private static void fillUniform(float[] values, double bound, SplittableRandom random) {
        for (int i = 0; i < values.length; i++) {
            values[i] = (float) ((2 * random.nextDouble() - 1) * bound);
        }
    }

    /** A well-mixed 64-bit seed for one named parameter. */
    static long mix(long seed, String name) {
        long h = seed ^ 0x9E3779B97F4A7C15L;
        for (byte b : name.getBytes(StandardCharsets.UTF_8)) {
            h = (h ^ b) * 0x100000001B3L;
            h ^= h >>> 29;
        }
        h ^= h >>> 33;
        h *= 0xFF51AFD7ED558CCDL;
        h ^= h >>> 33;
        h *= 0xC4CEB9FE1A85EC53L;
        h ^= h >>> 33;
        return h;
    }
}
