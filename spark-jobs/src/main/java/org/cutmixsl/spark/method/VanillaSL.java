package org.cutmixsl.spark.method;

import java.util.ArrayList;
import java.util.List;
import org.cutmixsl.model.codec.Encoding;
import org.cutmixsl.spark.heads.HandoverHead;

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

    @Override
    public int serverStepsPerRound(int participantsPerRound) {
        return participantsPerRound;
    }
}
