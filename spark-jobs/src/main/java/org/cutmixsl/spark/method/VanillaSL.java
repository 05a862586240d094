package org.cutmixsl.spark.method;

import java.util.ArrayList;
import java.util.List;
import org.cutmixsl.model.codec.Encoding;
import org.cutmixsl.spark.heads.HandoverHead;
import org.cutmixsl.spark.links.LinkProfiles;
import org.cutmixsl.spark.links.SimulatedTime;
import org.cutmixsl.spark.links.StepCost;

/** Vanilla split learning: one client at a time, the head handed from client to client. */
final class VanillaSL extends BaseMethod {

    private static final long serialVersionUID = 1L;

    VanillaSL(Encoding encoding) {
        super("sl", encoding, new HandoverHead(true), UNMIXED);
    }

    @Override
    public List<int[]> steps(int[] participants, int round) {
        List<int[]> steps = new ArrayList<>();
        for (int client : participants) {
            steps.add(new int[] {client});
        }
        return steps;
    }

    /**
     * Sequential: one client at a time, each step its client's forward, upload, the server step, its download and
     * backward; then it hands the head on, uploading it over its uplink, and the next client downloads it over its
     * downlink (the round's last client hands it to the round's first, who starts the next round when every client
     * takes part).
     */
    @Override
    public double simulatedSeconds(List<StepCost> steps, LinkProfiles links) {
        double seconds = 0;
        for (int s = 0; s < steps.size(); s++) {
            StepCost step = steps.get(s);
            int next = steps.get((s + 1) % steps.size()).clients().get(0).client();
            seconds += SimulatedTime.parallelExchange(step, links) + SimulatedTime.handOver(step, next, links);
        }
        return seconds;
    }

    @Override
    public int serverStepsPerRound(int participantsPerRound) {
        return participantsPerRound;
    }
}
