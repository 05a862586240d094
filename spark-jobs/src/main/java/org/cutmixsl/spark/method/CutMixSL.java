package org.cutmixsl.spark.method;

import org.cutmixsl.model.codec.Encoding;
import org.cutmixsl.model.plan.MixingPlanner;
import org.cutmixsl.model.plan.PatchGrid;
import org.cutmixsl.model.plan.PlanConfig;
import org.cutmixsl.spark.heads.HeadPolicy;

/**
 * CutMixSL: each client sends only its share of patch tokens (the CutSmashed data), the server CutMixes
 * the group's tokens with labels mixed by the share actually kept, and returns each client the gradient
 * of its own tokens.
 */
class CutMixSL extends BaseMethod {

    private static final long serialVersionUID = 1L;

    private final PlanConfig plan;

    CutMixSL(String name, Encoding encoding, HeadPolicy heads, PlanConfig plan) {
        super(name, encoding, heads, new CutMixBatcher());
        this.plan = plan;
    }

    @Override
    public StepLayout layout(long seed, int round, int step, int[] clients, int batch, PatchGrid grid) {
        return StepLayout.mixed(MixingPlanner.plan(seed, round, clients, batch, grid, plan), true);
    }

    @Override
    public String privacyNote() {
        return "the server receives about λ of each client's smashed data (its kept patches); no formal guarantee";
    }
}
