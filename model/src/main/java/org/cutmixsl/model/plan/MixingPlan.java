package org.cutmixsl.model.plan;

import java.util.Arrays;
import java.util.List;

/**
 * The mixing plan of one round: the groups, and for each the mask that shares its patches among its members. Built by
 * {@link MixingPlanner#plan}; immutable; made of primitive fields, enums and {@link GroupPlan}s only, so that the
 * driver can ship it to executors with Kryo (no lambdas, no records inside).
 */
public final class MixingPlan {

    private final long seed;
    private final int round;
    private final int batchSize;
    private final int gridRows;
    private final int gridCols;
    private final int groupSize;
    private final PlanConfig.RatioMode ratio;
    private final double alpha;
    private final PlanConfig.MaskShape shape;
    private final PlanConfig.Granularity granularity;
    private final GroupPlan[] groups;
    // Client lookup: client ids ascending, with the group and member index of each.
    private final int[] clients;
    private final int[] clientGroup;
    private final int[] clientMember;

    MixingPlan(long seed, int round, int batchSize, PatchGrid grid, PlanConfig cfg, GroupPlan[] groups) {
        this.seed = seed;
        this.round = round;
        this.batchSize = batchSize;
        this.gridRows = grid.rows();
        this.gridCols = grid.cols();
        this.groupSize = cfg.groupSize();
        this.ratio = cfg.ratio();
        this.alpha = cfg.alpha();
        this.shape = cfg.shape();
        this.granularity = cfg.granularity();
        this.groups = groups;
        int n = 0;
        for (GroupPlan g : groups) {
            n += g.size();
        }
        long[] packed = new long[n];
        int i = 0;
        for (GroupPlan g : groups) {
            for (int k = 0; k < g.size(); k++) {
                // client id in the high half keeps the sort by id; group and member ride in the low half
                packed[i++] = ((long) g.member(k) << 32) | ((long) g.index() << 8) | k;
            }
        }
        Arrays.sort(packed);
        clients = new int[n];
        clientGroup = new int[n];
        clientMember = new int[n];
        for (i = 0; i < n; i++) {
            clients[i] = (int) (packed[i] >> 32);
            clientGroup[i] = (int) ((packed[i] & 0xffffffffL) >>> 8);
            clientMember[i] = (int) (packed[i] & 0xff);
        }
    }

    /** The seed the plan was drawn from. */
    public long seed() {
        return seed;
    }

    /** The round the plan was drawn for. */
    public int round() {
        return round;
    }

    /** B, the per-client batch size. */
    public int batchSize() {
        return batchSize;
    }

    /** The patch grid. */
    public PatchGrid grid() {
        return new PatchGrid(gridRows, gridCols);
    }

    /** The configuration the plan was drawn with. */
    public PlanConfig config() {
        return new PlanConfig(groupSize, ratio, alpha, shape, granularity);
    }

    /** The groups, in order. */
    public List<GroupPlan> groups() {
        return List.of(groups);
    }

    /** The number of clients taking part. */
    public int participantCount() {
        return clients.length;
    }

    /** The group a client belongs to. */
    public GroupPlan groupOf(int clientId) {
        return groups[clientGroup[find(clientId)]];
    }

    /** The member index of a client within its group. */
    public int memberIndexOf(int clientId) {
        return clientMember[find(clientId)];
    }

    private int find(int clientId) {
        int at = Arrays.binarySearch(clients, clientId);
        if (at < 0) {
            throw new IllegalArgumentException("client " + clientId + " does not take part in round " + round);
        }
        return at;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof MixingPlan p && p.seed == seed && p.round == round && p.batchSize == batchSize
                && p.gridRows == gridRows && p.gridCols == gridCols && p.config().equals(config())
                && Arrays.equals(p.groups, groups);
    }

    @Override
    public int hashCode() {
        return Long.hashCode(seed) * 31 + round * 17 + Arrays.hashCode(groups);
    }

    @Override
    public String toString() {
        return "MixingPlan[round=" + round + ", seed=" + seed + ", " + groups.length + " groups, B=" + batchSize
                + ", grid=" + gridRows + "x" + gridCols + ", " + config() + "]";
    }
}
