package org.cutmixsl.model.vit;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.Dropout;
import ai.djl.nn.norm.LayerNorm;

/**
 * One pre-norm transformer encoder block: {@code x + Attn(LN(x))}, then {@code x + MLP(LN(x))} with a
 * GELU MLP of width {@code mlpRatio·D}. Attention is written as two matrix products around a softmax;
 * the query is scaled before the first product because it is smaller than the score matrix.
 */
public final class EncoderBlock extends VitBlock {

    private final int width;
    private final int heads;
    private final float dropout;
    private final float scale;
    private final Shape normShape;

    private final Parameter attnNormGamma;
    private final Parameter attnNormBeta;
    private final Parameter qkvWeight;
    private final Parameter qkvBias;
    private final Parameter projWeight;
    private final Parameter projBias;
    private final Parameter mlpNormGamma;
    private final Parameter mlpNormBeta;
    private final Parameter fc1Weight;
    private final Parameter fc1Bias;
    private final Parameter fc2Weight;
    private final Parameter fc2Bias;

    /** @param config the model shape */
    public EncoderBlock(ViTConfig config) {
        this.width = config.width();
        this.heads = config.heads();
        this.dropout = config.dropout();
        this.scale = (float) (1.0 / Math.sqrt(config.headDim()));
        this.normShape = new Shape(width);
        int hidden = width * config.mlpRatio();
        attnNormGamma = param("attnNorm_gamma", Parameter.Type.GAMMA, width);
        attnNormBeta = param("attnNorm_beta", Parameter.Type.BETA, width);
        qkvWeight = param("qkv_weight", Parameter.Type.WEIGHT, 3L * width, width);
        qkvBias = param("qkv_bias", Parameter.Type.BIAS, 3L * width);
        projWeight = param("proj_weight", Parameter.Type.WEIGHT, width, width);
        projBias = param("proj_bias", Parameter.Type.BIAS, width);
        mlpNormGamma = param("mlpNorm_gamma", Parameter.Type.GAMMA, width);
        mlpNormBeta = param("mlpNorm_beta", Parameter.Type.BETA, width);
        fc1Weight = param("fc1_weight", Parameter.Type.WEIGHT, hidden, width);
        fc1Bias = param("fc1_bias", Parameter.Type.BIAS, hidden);
        fc2Weight = param("fc2_weight", Parameter.Type.WEIGHT, width, hidden);
        fc2Bias = param("fc2_bias", Parameter.Type.BIAS, width);
    }

    @Override
    public NDArray apply(NDArray x, boolean training) {
        Shape shape = x.getShape();
        long batch = shape.get(0);
        long tokens = shape.get(1);
        int headDim = width / heads;

        NDArray h = LayerNorm.layerNorm(x, normShape, value(attnNormGamma), value(attnNormBeta),
                ViTConfig.LAYER_NORM_EPS).singletonOrThrow();
        NDArray qkv = Linear.linear(h, value(qkvWeight), value(qkvBias)).singletonOrThrow()
                .reshape(batch, tokens, 3, heads, headDim)
                .transpose(2, 0, 3, 1, 4); // (3, B, H, T, dh)
        NDList parts = qkv.split(3, 0); // backward concatenates; three selects would each fill a zero gradient
        NDArray q = parts.get(0).squeeze(0).mul(NativeArrays.scalar(qkv, scale));
        NDArray k = parts.get(1).squeeze(0);
        NDArray v = parts.get(2).squeeze(0);
        NDArray attention = q.matMul(k.transpose(0, 1, 3, 2)).softmax(-1);
        NDArray mixed = attention.matMul(v).transpose(0, 2, 1, 3).reshape(batch, tokens, width);
        NDArray attnOut = Linear.linear(mixed, value(projWeight), value(projBias)).singletonOrThrow();
        if (dropout > 0f) {
            attnOut = Dropout.dropout(attnOut, dropout, training).singletonOrThrow();
        }
        NDArray y = x.add(attnOut);

        NDArray h2 = LayerNorm.layerNorm(y, normShape, value(mlpNormGamma), value(mlpNormBeta),
                ViTConfig.LAYER_NORM_EPS).singletonOrThrow();
        NDArray hidden = Linear.linear(h2, value(fc1Weight), value(fc1Bias)).singletonOrThrow();
        hidden = ai.djl.nn.Activation.gelu(hidden);
        NDArray mlpOut = Linear.linear(hidden, value(fc2Weight), value(fc2Bias)).singletonOrThrow();
        if (dropout > 0f) {
            mlpOut = Dropout.dropout(mlpOut, dropout, training).singletonOrThrow();
        }
        return y.add(mlpOut);
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return new Shape[] {inputShapes[0]};
    }
}
