package org.cutmixsl.spark.method;

import java.util.List;
import org.cutmixsl.model.codec.Encoding;
import org.cutmixsl.model.mixer.ConcatBatcher;
import org.cutmixsl.model.mixer.GroupMixer;
import org.cutmixsl.model.plan.MixingPlanner;
import org.cutmixsl.model.plan.PatchGrid;
import org.cutmixsl.model.plan.PlanConfig;
import org.cutmixsl.model.train.SmashedTransform;
import org.cutmixsl.spark.heads.HeadPolicy;
import org.cutmixsl.spark.links.LinkProfiles;
import org.cutmixsl.spark.links.SimulatedTime;
import org.cutmixsl.spark.links.StepCost;

/**
 * What most methods share: one step per round with every participant, each client its own group whose
 * batch the server concatenates, no transform, the configured encoding.
 */
abstract class BaseMethod implements SplitMethod {

    private static final long serialVersionUID = 1L;

    /** Groups of one: no mixing (the plan then draws nothing but the order of the clients). */
    static final PlanConfig UNMIXED = PlanConfig.defaults().withGroupSize(1).withRatio(PlanConfig.RatioMode.FIXED);

    private final String name;
    private final Encoding encoding;
    private final HeadPolicy heads;
    private final PlanConfig plan;

    BaseMethod(String name, Encoding encoding, HeadPolicy heads, PlanConfig plan) {
        this.name = name;
        this.encoding = encoding;
        this.heads = heads;
        this.plan = plan;
    }

    /** @return how this method's server mixes a group (stateless; built where it is used) */
    GroupMixer mixer() {
        return new ConcatBatcher();
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public List<int[]> steps(int[] participants, int round) {
        return List.of(participants.clone());
    }

    @Override
    public StepLayout layout(long seed, int round, int step, int[] clients, int batch, PatchGrid grid) {
        return new StepLayout(MixingPlanner.plan(seed, round, clients, batch, grid, plan), mixer());
    }

    @Override
    public SmashedTransform transform(StepLayout layout, int client, long seed, int round, int step) {
        return SmashedTransform.IDENTITY;
    }

    /**
     * Steps one after another; in each, the clients work in parallel and the server waits for the slowest of them
     * ({@link SimulatedTime#parallelExchange}); FedAvg's traffic after the step where it happens, every client at
     * once ({@link SimulatedTime#parallelSync}).
     */
    @Override
    public double simulatedSeconds(List<StepCost> steps, LinkProfiles links) {
        double seconds = 0;
        for (StepCost step : steps) {
            seconds += SimulatedTime.parallelExchange(step, links) + SimulatedTime.parallelSync(step, links);
        }
        return seconds;
    }

    @Override
    public HeadPolicy headPolicy() {
        return heads;
    }

    @Override
    public Encoding encoding() {
        return encoding;
    }

    @Override
    public boolean communicates() {
        return true;
    }

    @Override
    public boolean readsPooledData() {
        return false;
    }

    @Override
    public long minibatchIndex(int round, int step) {
        return round;
    }

    @Override
    public int clientStepsPerRound() {
        return 1;
    }

    @Override
    public int serverStepsPerRound(int participantsPerRound) {
        return 1;
    }

    @Override
    public String privacyNote() {
        return "the server receives every client's full smashed data; no formal privacy guarantee";
    }
}
