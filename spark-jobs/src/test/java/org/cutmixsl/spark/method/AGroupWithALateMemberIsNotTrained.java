package org.cutmixsl.spark.method;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import org.cutmixsl.model.mixer.ConcatBatcher;
import org.cutmixsl.model.mixer.CutMixMixer;
import org.cutmixsl.model.plan.MixingPlanner;
import org.cutmixsl.model.plan.PatchGrid;
import org.cutmixsl.model.plan.PlanConfig;
import org.cutmixsl.spark.links.Deadline;
import org.cutmixsl.spark.links.LinkProfile;
import org.cutmixsl.spark.links.LinkProfiles;
import org.cutmixsl.spark.records.UploadCost;
import org.cutmixsl.spark.round.Drops;
import org.junit.jupiter.api.Test;

/**
 * The group rule (README "Link profiles and simulated time"): on a hand-built CutMix layout of six clients in groups
 * of two, a client whose upload misses the deadline is dropped ("deadline"), the other member of its group with it
 * ("group"), and the layout trains the remaining groups with the members and selections they were planned with;
 * in groups of one only the late client is lost.
 */
class AGroupWithALateMemberIsNotTrained {

    private static final int[] CLIENTS = {0, 1, 2, 3, 4, 5};
    private static final PatchGrid GRID = new PatchGrid(7, 7);
    private static final long UPLOAD = 100_000; // bytes: 0.8 s at 1 Mbit/s, 0.08 ms at 10 Gbit/s

    /** Client 4 on 1 Mbit/s, every other client on 10 Gbit/s; 10 ms latency; a deadline of 0.5 s. */
    private static Deadline deadline() {
        LinkProfile fast = new LinkProfile(10_000, 10_000, 10, 1);
        LinkProfile slow = new LinkProfile(1, 10_000, 10, 1);
        return new Deadline(0.5, LinkProfiles.of(fast, fast, fast, fast, slow, fast));
    }

    private static List<UploadCost> uploads() {
        List<UploadCost> uploads = new ArrayList<>();
        for (int client : CLIENTS) {
            uploads.add(new UploadCost(client, UPLOAD, 0.25));
        }
        return uploads;
    }

    @Test
    void theLateMembersGroupIsDroppedWholeAndTheOthersTrainAsPlanned() {
        StepLayout layout = new StepLayout(MixingPlanner.plan(3, 0, CLIENTS, 8, GRID, PlanConfig.defaults()),
                new CutMixMixer());
        assertEquals(3, layout.groupCount());
        int lateGroup = layout.groupOf(4);
        int mate = -1;
        for (int g = 0; g < layout.groupCount(); g++) {
            if (layout.group(g).index() == lateGroup) {
                for (int m : layout.members(g)) {
                    mate = m == 4 ? mate : m;
                }
            }
        }
        SortedMap<Integer, String> dropped = Drops.afterUploads(layout, deadline(), uploads(), Set.of());
        assertEquals(Map.of(4, Drops.DEADLINE, mate, Drops.GROUP), dropped);

        StepLayout kept = layout.without(dropped.keySet());
        assertEquals(2, kept.groupCount());
        assertFalse(kept.contains(4));
        assertFalse(kept.contains(mate));
        for (int client : CLIENTS) {
            if (client != 4 && client != mate) {
                assertTrue(kept.contains(client), "client " + client);
                // what a kept client sent was cut by the plan as drawn: same group, same tokens
                assertEquals(layout.groupOf(client), kept.groupOf(client));
                assertEquals(layout.selection(client), kept.selection(client));
            }
        }
        assertEquals(0, layout.without(Set.of(0, 1, 2, 3, 4, 5)).groupCount(), "nobody left: nothing to train");
    }

    @Test
    void aGroupOfOneLosesOnlyTheLateClient() {
        PlanConfig alone = PlanConfig.defaults().withGroupSize(1).withRatio(PlanConfig.RatioMode.FIXED);
        StepLayout layout = new StepLayout(MixingPlanner.plan(3, 0, CLIENTS, 8, GRID, alone), new ConcatBatcher());
        SortedMap<Integer, String> dropped = Drops.afterUploads(layout, deadline(), uploads(), Set.of());
        assertEquals(Map.of(4, Drops.DEADLINE), dropped);
        StepLayout kept = layout.without(dropped.keySet());
        assertEquals(5, kept.groupCount());
        assertFalse(kept.contains(4));
    }

    @Test
    void aClientWhoseTaskFailedTakesItsGroupWithItLikeALateOne() {
        StepLayout layout = new StepLayout(MixingPlanner.plan(3, 0, CLIENTS, 8, GRID, PlanConfig.defaults()),
                new CutMixMixer());
        int failedGroup = layout.groupOf(1);
        SortedMap<Integer, String> expected = new java.util.TreeMap<>(Map.of(1, Drops.FAILURE));
        for (int g = 0; g < layout.groupCount(); g++) {
            if (layout.group(g).index() == failedGroup) {
                for (int m : layout.members(g)) {
                    expected.putIfAbsent(m, Drops.GROUP);
                }
            }
        }
        // client 1 sent nothing; no deadline
        List<UploadCost> arrived = uploads().stream().filter(u -> u.client() != 1).toList();
        SortedMap<Integer, String> dropped = Drops.afterUploads(layout, Deadline.NONE, arrived, Set.of(1));
        assertEquals(expected, dropped);
        assertEquals(2, dropped.size(), "client 1 and its one group mate");
        // with the deadline too: client 4 late, client 1 failed, each with its group
        SortedMap<Integer, String> both = Drops.afterUploads(layout, deadline(), arrived, Set.of(1));
        assertEquals(Drops.FAILURE, both.get(1));
        assertEquals(Drops.DEADLINE, both.get(4));
        assertEquals(4, both.size(), both.toString());
    }

    @Test
    void withoutADeadlineNobodyIsLate() {
        StepLayout layout = new StepLayout(MixingPlanner.plan(3, 0, CLIENTS, 8, GRID, PlanConfig.defaults()),
                new CutMixMixer());
        assertTrue(Drops.afterUploads(layout, Deadline.NONE, uploads(), Set.of()).isEmpty());
    }
}
