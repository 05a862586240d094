package org.cutmixsl.model.optim;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Block;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.jni.JniUtils;

/**
 * SGD with heavy-ball momentum in the learning-rate-inside form: {@code v ← μ·v + lr·(g + wd·w)},
 * {@code w ← w − v}. One native call per parameter.
 */
public final class SgdMomentum extends Optimizer {

    private final NDArray[] velocities;

    SgdMomentum(OptimizerConfig config, Block block, NDManager manager) {
        super(config, block, manager);
        velocities = new NDArray[parameters.size()];
        for (int i = 0; i < parameters.size(); i++) {
            velocities[i] = stateManager.zeros(parameters.get(i).getArray().getShape());
        }
    }

    @Override
    protected void update(int index, PtNDArray weight, PtNDArray grad, float lr, float rescale) {
        float wd = decays.get(index) ? config.weightDecay() : 0f;
        JniUtils.sgdUpdate(weight, grad, (PtNDArray) velocities[index], lr, wd, rescale, -1f, config.momentum());
    }

    @Override
    protected NDArray[] stateOf(int index) {
        return new NDArray[] {velocities[index]};
    }
}
