package org.cutmixsl.spark.method;

import java.util.List;
import org.cutmixsl.model.codec.Encoding;
import org.cutmixsl.model.plan.PatchGrid;
import org.cutmixsl.model.train.SmashedTransform;
import org.cutmixsl.spark.heads.HeadPolicy;

/** What most methods share: one step per round with every participant, no transform, the configured encoding. */
abstract class BaseMethod implements SplitMethod {

    private static final long serialVersionUID = 1L;

    private final String name;
    private final Encoding encoding;
    private final HeadPolicy heads;
    private final ServerBatcher batcher;

    BaseMethod(String name, Encoding encoding, HeadPolicy heads, ServerBatcher batcher) {
        this.name = name;
        this.encoding = encoding;
        this.heads = heads;
        this.batcher = batcher;
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
        return StepLayout.singletons(clients, batch, grid.patchCount());
    }

    @Override
    public ServerBatcher batcher() {
        return batcher;
    }

    @Override
    public SmashedTransform transform(StepLayout layout, int client, long seed, int round, int step) {
        return SmashedTransform.IDENTITY;
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
