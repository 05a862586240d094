package org.cutmixsl.spark.method;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.SortedSet;
import java.util.TreeSet;
import org.cutmixsl.model.codec.TokenSelection;
import org.cutmixsl.model.mixer.GroupMixer;
import org.cutmixsl.model.plan.GroupPlan;
import org.cutmixsl.model.plan.MixingPlan;

/**
 * How the clients of one step are grouped at the server and which tokens each sends: the step's mixing
 * plan and the method's mixer. Methods without mixing use groups of one client. A pure function of the
 * step's inputs, so the driver and every task compute the same layout without shipping it.
 *
 * <p>What a missing member means is the layout's rule, the same for every method (issue 17): a group with a member
 * whose upload was dropped (it missed the deadline) is not trained this step, and its other members are dropped
 * with it ({@link #groupMatesOf}, {@link #without}); a group of one (sl, psl, sfl) simply loses that client. The
 * plan itself stays as drawn: what the kept members sent was cut by it.
 */
public final class StepLayout {

    private final MixingPlan plan;
    private final GroupMixer mixer;
    /** The plan's groups this layout trains, by plan index: all of them, or those {@link #without} kept. */
    private final List<GroupPlan> kept;

    /**
     * @param plan the step's plan
     * @param mixer how groups are mixed (and so what each member sends)
     */
    public StepLayout(MixingPlan plan, GroupMixer mixer) {
        this(plan, mixer, plan.groups());
    }

    private StepLayout(MixingPlan plan, GroupMixer mixer, List<GroupPlan> kept) {
        this.plan = plan;
        this.mixer = mixer;
        this.kept = List.copyOf(kept);
    }

    /**
     * @param missing clients whose uploads were dropped
     * @return the members of the groups that lose a member, other than the missing clients themselves, ascending
     */
    public SortedSet<Integer> groupMatesOf(Collection<Integer> missing) {
        SortedSet<Integer> mates = new TreeSet<>();
        for (GroupPlan g : kept) {
            if (hasAny(g, missing)) {
                for (int m : g.members()) {
                    if (!missing.contains(m)) {
                        mates.add(m);
                    }
                }
            }
        }
        return mates;
    }

    /**
     * @param missing clients whose uploads were dropped
     * @return this layout with only the groups none of whose members is missing (possibly none); each kept client
     *     keeps its group's plan index ({@link #groupOf}) and its selection
     */
    public StepLayout without(Collection<Integer> missing) {
        List<GroupPlan> stay = new ArrayList<>();
        for (GroupPlan g : kept) {
            if (!hasAny(g, missing)) {
                stay.add(g);
            }
        }
        return new StepLayout(plan, mixer, stay);
    }

    private static boolean hasAny(GroupPlan g, Collection<Integer> clients) {
        for (int m : g.members()) {
            if (clients.contains(m)) {
                return true;
            }
        }
        return false;
    }

    /** @return number of groups trained */
    public int groupCount() {
        return kept.size();
    }

    /** @return the g-th group trained */
    public GroupPlan group(int g) {
        return kept.get(g);
    }

    /** @return the members of the g-th group trained, in member order */
    public int[] members(int g) {
        return kept.get(g).members();
    }

    /** @return the plan index of a client's group (what its record carries) */
    public int groupOf(int client) {
        return plan.groupOf(client).index();
    }

    /** @return whether this client takes part in the step (is a member of a group trained) */
    public boolean contains(int client) {
        for (GroupPlan g : kept) {
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

    /** @return samples of the g-th trained group's batch at the server */
    public int samples(int g) {
        return mixer.mixedBatchSize(kept.get(g));
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
