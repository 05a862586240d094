package org.cutmixsl.spark.method;

import java.io.Serializable;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import org.cutmixsl.model.codec.TokenSelection;
import org.cutmixsl.model.plan.GroupPlan;
import org.cutmixsl.model.plan.MixingPlan;

/**
 * How the clients of one step are grouped at the server and which tokens each sends. Either every
 * client alone (split learning without mixing) or the groups of a {@link MixingPlan}; with a plan, the
 * clients send either their share (CutMix) or everything (Mixup). A pure function of its inputs, so the
 * driver and every task compute the same layout without shipping it.
 */
public final class StepLayout implements Serializable {

    private static final long serialVersionUID = 1L;

    private final int[][] groups;
    private final transient MixingPlan plan;
    private final boolean punched;
    private final int batch;
    private final int patches;
    private final Map<Integer, int[]> position = new HashMap<>(); // client -> {group, member}

    private StepLayout(int[][] groups, MixingPlan plan, boolean punched, int batch, int patches) {
        this.groups = groups;
        this.plan = plan;
        this.punched = punched;
        this.batch = batch;
        this.patches = patches;
        for (int g = 0; g < groups.length; g++) {
            for (int m = 0; m < groups[g].length; m++) {
                if (position.put(groups[g][m], new int[] {g, m}) != null) {
                    throw new IllegalArgumentException("client " + groups[g][m] + " appears twice in a step");
                }
            }
        }
    }

    /**
     * Every client its own group, sending all its tokens.
     *
     * @param clients the step's clients, in order
     * @param batch B
     * @param patches P
     * @return the layout
     */
    public static StepLayout singletons(int[] clients, int batch, int patches) {
        int[][] groups = new int[clients.length][];
        for (int i = 0; i < clients.length; i++) {
            groups[i] = new int[] {clients[i]};
        }
        return new StepLayout(groups, null, false, batch, patches);
    }

    /**
     * The groups of a mixing plan.
     *
     * @param plan the plan
     * @param punched true: each client sends only its share (CutMix); false: everything (Mixup)
     * @return the layout
     */
    public static StepLayout mixed(MixingPlan plan, boolean punched) {
        int[][] groups = new int[plan.groups().size()][];
        for (int g = 0; g < groups.length; g++) {
            groups[g] = plan.groups().get(g).members().clone();
        }
        return new StepLayout(groups, plan, punched, plan.batchSize(), plan.grid().patchCount());
    }

    /** @return number of groups */
    public int groupCount() {
        return groups.length;
    }

    /** @return the members of group g, in member order */
    public int[] members(int g) {
        return groups[g].clone();
    }

    /** @return the group of a client */
    public int groupOf(int client) {
        return locate(client)[0];
    }

    /** @return the member index of a client in its group */
    public int memberIndex(int client) {
        return locate(client)[1];
    }

    /** @return whether this client takes part in the step */
    public boolean contains(int client) {
        return position.containsKey(client);
    }

    /** @return the plan's group g, or null without a plan */
    public GroupPlan groupPlan(int g) {
        return plan == null ? null : plan.groups().get(g);
    }

    /** @return the tokens a client sends */
    public TokenSelection selection(int client) {
        int[] at = locate(client);
        if (plan != null && punched) {
            return plan.groups().get(at[0]).selection(at[1]);
        }
        return TokenSelection.all(batch, patches);
    }

    /** @return B */
    public int batch() {
        return batch;
    }

    /** @return P */
    public int patches() {
        return patches;
    }

    /** @return total samples the server receives in this step */
    public int serverSamples() {
        return groups.length * batch;
    }

    private int[] locate(int client) {
        int[] at = position.get(client);
        if (at == null) {
            throw new IllegalArgumentException("client " + client + " is not in this step " + Arrays.deepToString(groups));
        }
        return at;
    }
}
