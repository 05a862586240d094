package org.cutmixsl.spark.method;

import org.cutmixsl.model.codec.TokenSelection;
import org.cutmixsl.model.mixer.GroupMixer;
import org.cutmixsl.model.plan.GroupPlan;
import org.cutmixsl.model.plan.MixingPlan;

/**
 * How the clients of one step are grouped at the server and which tokens each sends: the step's mixing
 * plan and the method's mixer. Methods without mixing use groups of one client. A pure function of the
 * step's inputs, so the driver and every task compute the same layout without shipping it.
 */
public final class StepLayout {

    private final MixingPlan plan;
    private final GroupMixer mixer;

    /**
     * @param plan the step's plan
     * @param mixer how groups are mixed (and so what each member sends)
     */
    public StepLayout(MixingPlan plan, GroupMixer mixer) {
        this.plan = plan;
        this.mixer = mixer;
    }

    /** @return number of groups */
    public int groupCount() {
        return plan.groups().size();
    }

    /** @return group g of the plan */
    public GroupPlan group(int g) {
        return plan.groups().get(g);
    }

    /** @return the members of group g, in member order */
    public int[] members(int g) {
        return plan.groups().get(g).members();
    }

    /** @return the group of a client */
    public int groupOf(int client) {
        return plan.groupOf(client).index();
    }

    /** @return whether this client takes part in the step */
    public boolean contains(int client) {
        for (GroupPlan g : plan.groups()) {
            for (int m : g.members()) {
                if (m == client) {
                    return true;
                }
            }
        }
        return false;
    }

    /** @return the tokens a client sends */
    public TokenSelection selection(int client) {
        return mixer.uploadSelection(plan.groupOf(client), plan.memberIndexOf(client));
    }

    /** @return the mixer */
    public GroupMixer mixer() {
        return mixer;
    }

    /** @return samples of group g's batch at the server */
    public int samples(int g) {
        return mixer.mixedBatchSize(plan.groups().get(g));
    }

    /** @return B */
    public int batch() {
        return plan.batchSize();
    }

    /** @return P */
    public int patches() {
        return plan.grid().patchCount();
    }
}
