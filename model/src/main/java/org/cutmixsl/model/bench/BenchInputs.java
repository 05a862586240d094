package org.cutmixsl.model.bench;

import java.util.SplittableRandom;
import org.cutmixsl.model.codec.DecodedTokens;
import org.cutmixsl.model.codec.Encoding;
import org.cutmixsl.model.codec.TokenCodec;
import org.cutmixsl.model.mixer.GroupMixer;
import org.cutmixsl.model.plan.GroupPlan;
import org.cutmixsl.model.plan.MixingPlanner;
import org.cutmixsl.model.plan.PatchGrid;
import org.cutmixsl.model.plan.PlanConfig;

/**
 * The shapes every benchmark uses, those of {@code fmnist-tiny} at batch 64: B = 64 samples of P = 49 patches
 * (a 7×7 grid) of width D = 64, groups of G = 2. One batch of fp32 tokens is {@link #BYTES} bytes.
 */
public final class BenchInputs {

    public static final int B = 64;
    public static final PatchGrid GRID = new PatchGrid(7, 7);
    public static final int P = GRID.patchCount();
    public static final int D = 64;
    public static final int G = 2;
    public static final int FLOATS = B * P * D;
    public static final long BYTES = 4L * FLOATS;

    private BenchInputs() {
    }

    /** Standard-normal tokens, like a LayerNorm-ed activation. */
    public static float[] tokens(long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        float[] x = new float[FLOATS];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) r.nextGaussian();
        }
        return x;
    }

    /** The first group of a default plan (Dirichlet(1), random shape, per-sample masks). */
    public static GroupPlan group() {
        return MixingPlanner.plan(2024, 7, new int[] {0, 1}, B, GRID, PlanConfig.defaults()).groups().get(0);
    }

    /** Each member's upload for a mixer, decoded as the server holds it. */
    public static DecodedTokens[] decodedUploads(GroupMixer mixer, GroupPlan g, Encoding enc) {
        byte[][] p = payloads(mixer, g, enc);
        DecodedTokens[] d = new DecodedTokens[p.length];
        for (int k = 0; k < p.length; k++) {
            d[k] = TokenCodec.decode(p[k]);
        }
        return d;
    }

    /** Each member's upload payload for a mixer. */
    public static byte[][] payloads(GroupMixer mixer, GroupPlan g, Encoding enc) {
        byte[][] p = new byte[g.size()][];
        for (int k = 0; k < g.size(); k++) {
            p[k] = TokenCodec.encode(tokens(100 + k), B, P, D, mixer.uploadSelection(g, k), enc);
        }
        return p;
    }
}
