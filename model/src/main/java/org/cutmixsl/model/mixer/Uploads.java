package org.cutmixsl.model.mixer;

import org.cutmixsl.model.codec.DecodedTokens;
import org.cutmixsl.model.codec.TokenSelection;
import org.cutmixsl.model.plan.GroupPlan;

/** The checks every mixer makes on a group's uploads, labels and buffers, with messages that say which member. */
final class Uploads {

    private Uploads() {
    }

    /** Same count as members, each a (B, P) batch of one common dim; returns D. */
    static int checkShapes(GroupPlan g, DecodedTokens[] members) {
        if (members.length != g.size()) {
            throw new IllegalArgumentException("group " + g.index() + " has " + g.size() + " members but " + members.length + " uploads were given");
        }
        int dim = members[0].dim();
        for (int k = 0; k < members.length; k++) {
            TokenSelection s = members[k].selection();
            if (s.batch() != g.batchSize() || s.patches() != g.patchCount()) {
                throw new IllegalArgumentException(who(g, k) + " sent a (" + s.batch() + ", " + s.patches() + ") batch, the plan has ("
                        + g.batchSize() + ", " + g.patchCount() + ")");
            }
            if (members[k].dim() != dim) {
                throw new IllegalArgumentException(who(g, k) + " sent tokens of dim " + members[k].dim() + ", member 0 of dim " + dim);
            }
        }
        return dim;
    }

    static void checkDest(float[] dest, long need, String what) {
        if (dest.length != need) {
            throw new IllegalArgumentException(what + " holds " + dest.length + " floats, expected " + need);
        }
    }

    static void requireAll(GroupPlan g, DecodedTokens[] members) {
        for (int k = 0; k < members.length; k++) {
            if (!members[k].selection().isAll()) {
                throw new IllegalArgumentException(who(g, k) + " sent " + members[k].selection().totalKept() + " of "
                        + (long) g.batchSize() * g.patchCount() + " tokens; this method needs full smashed data");
            }
        }
    }

    static void checkLabels(GroupPlan g, int[][] labels, int numClasses) {
        if (numClasses < 1) {
            throw new IllegalArgumentException("numClasses must be at least 1, got " + numClasses);
        }
        if (labels.length != g.size()) {
            throw new IllegalArgumentException("group " + g.index() + " has " + g.size() + " members but labels for " + labels.length);
        }
        for (int k = 0; k < labels.length; k++) {
            if (labels[k].length != g.batchSize()) {
                throw new IllegalArgumentException(who(g, k) + " has " + labels[k].length + " labels, expected " + g.batchSize());
            }
            for (int b = 0; b < labels[k].length; b++) {
                if (labels[k][b] < 0 || labels[k][b] >= numClasses) {
                    throw new IllegalArgumentException(who(g, k) + " sample " + b + " has label " + labels[k][b] + ", expected 0.." + (numClasses - 1));
                }
            }
        }
    }

    static void checkOut(GroupPlan g, float[][] out, int k, long need) {
        if (out.length != g.size()) {
            throw new IllegalArgumentException("group " + g.index() + " has " + g.size() + " members but " + out.length + " output arrays were given");
        }
        if (out[k].length != need) {
            throw new IllegalArgumentException("output for " + who(g, k) + " holds " + out[k].length + " floats, its rows are " + need);
        }
    }

    static String who(GroupPlan g, int k) {
        return "member " + k + " (client " + g.member(k) + ") of group " + g.index();
    }
}
