package org.cutmixsl.model.optim;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Block;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.jni.JniUtils;

/**
 * Adam with decoupled weight decay (Loshchilov and Hutter): {@code w ← w − lr·wd·w}, then the Adam step
 * with bias correction. One native call per parameter (torch kernels behind DJL's {@code adamUpdate}).
 */
public final class AdamW extends Optimizer {

    private final NDArray[] means;
    private final NDArray[] variances;

    AdamW(OptimizerConfig config, Block block, NDManager manager) {
        super(config, block, manager);
        means = new NDArray[parameters.size()];
        variances = new NDArray[parameters.size()];
        for (int i = 0; i < parameters.size(); i++) {
            means[i] = stateManager.zeros(parameters.get(i).getArray().getShape());
            variances[i] = stateManager.zeros(parameters.get(i).getArray().getShape());
        }
    }

    @Override
    protected void update(int index, PtNDArray weight, PtNDArray grad, float lr, float rescale) {
        int t = steps() + 1;
        double correction = Math.sqrt(1 - Math.pow(config.beta2(), t)) / (1 - Math.pow(config.beta1(), t));
        float wd = decays.get(index) ? config.weightDecay() : 0f;
        JniUtils.adamUpdate(weight, grad, (PtNDArray) means[index], (PtNDArray) variances[index],
                lr, (float) (lr * correction), wd, rescale, -1f, config.beta1(), config.beta2(),
                config.epsilon(), true);
    }

    @Override
    protected NDArray[] stateOf(int index) {
        return new NDArray[] {means[index], variances[index]};
    }
}
