package org.cutmixsl.spark.round;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import org.cutmixsl.model.codec.Encoding;
import org.cutmixsl.model.mixer.MixedBatch;
import org.cutmixsl.model.train.BodyAndTail;
import org.cutmixsl.model.train.MicroBatchedPass;
import org.cutmixsl.model.train.TrainingDivergedException;
import org.cutmixsl.spark.method.StepLayout;
import org.cutmixsl.spark.records.ClientUpload;
import org.cutmixsl.spark.records.CutSmashedRecord;
import org.cutmixsl.spark.records.GradientRecord;
import org.cutmixsl.spark.records.RecordIntegrityException;
import org.cutmixsl.spark.records.UploadCost;

/**
 * The server's work for one step, wherever it runs (driver or a one-task stage): check every record,
 * group them as the layout says, run the micro-batched body-and-tail step through the layout's mixer,
 * take one optimiser step, and answer each client with a gradient record. Every record is checked
 * before anything is computed, so a damaged record fails the step without touching the model.
 *
 * <p>Clients whose forward task failed for good ({@code clients.failuresDrop}) sent nothing; with a deadline
 * ({@code clients.deadlineSeconds}) the uploads that missed it are discarded. Their group mates' uploads are
 * discarded too ({@link Drops#afterUploads}); the step trains the groups that remain and says whom it dropped, so
 * the driver records the server's own decision. When no group remains, the model is not touched and the step
 * answers nobody (its loss is NaN).
 */
public final class ServerStep {

    private ServerStep() {}

    /**
     * @param model body and tail
     * @param context the step: its planned layout, encoding, round, step, deadline and failed clients
     * @param uploads the step's uploads that arrived, late ones included
     * @param microBatch samples per forward pass
     * @return the step's loss (NaN when no group was kept), gradient records of the clients kept, and whom it dropped
     */
    public static Result run(BodyAndTail model, StepContext context, List<ClientUpload> uploads, int microBatch) {
        StepLayout planned = context.layout();
        Encoding encoding = context.encoding();
        int round = context.round;
        int step = context.step;
        SortedMap<Integer, String> dropped = Drops.afterUploads(planned, context.deadline,
                uploads.stream().map(UploadCost::of).toList(), context.failed());
        StepLayout layout = planned.without(dropped.keySet());
        List<ClientUpload> kept = uploads.stream()
                .filter(u -> !dropped.containsKey(u.record().client())).toList();
        Map<Integer, CutSmashedRecord> byClient = check(layout, kept, round, step);
        if (layout.groupCount() == 0) {
            return new Result(Float.NaN, List.of(), dropped);
        }
        int classes = model.config().classes();
        int dim = model.config().width();
        List<GradientRecord> gradients = new ArrayList<>();
        List<MicroBatchedPass.Group> groups = new ArrayList<>();
        for (int g = 0; g < layout.groupCount(); g++) {
            int[] members = layout.members(g);
            byte[][] payloads = new byte[members.length][];
            int[][] labels = new int[members.length][];
            for (int m = 0; m < members.length; m++) {
                CutSmashedRecord record = byClient.get(members[m]);
                payloads[m] = record.payload();
                labels[m] = record.labels();
            }
            int group = g;
            groups.add(new MicroBatchedPass.Group() {
                @Override
                public int samples() {
                    return layout.samples(group);
                }

                @Override
                public MixedBatch mix() {
                    return layout.mixer().mix(layout.group(group), payloads, labels, classes);
                }

                @Override
                public void gradient(float[] gradTokens) {
                    byte[][] answers = layout.mixer().splitGradient(layout.group(group), gradTokens, dim, encoding);
                    for (int m = 0; m < members.length; m++) {
                        gradients.add(new GradientRecord(round, step, members[m], answers[m]));
                    }
                }
            });
        }
        float loss;
        try {
            loss = MicroBatchedPass.run(model, groups, microBatch);
        } catch (RuntimeException e) {
            model.discardGradients();
            throw e;
        }
        if (!Float.isFinite(loss)) {
            model.discardGradients();
            TrainingDivergedException.requireFinite(loss, "round " + round + " step " + step + ": the server's loss");
        }
        model.step();
        gradients.sort(Comparator.comparingInt(GradientRecord::client));
        return new Result(loss, gradients, dropped);
    }

    private static Map<Integer, CutSmashedRecord> check(StepLayout layout, List<ClientUpload> uploads, int round, int step) {
        Map<Integer, CutSmashedRecord> byClient = new HashMap<>();
        for (ClientUpload upload : uploads) {
            CutSmashedRecord r = upload.record().verify();
            if (r.round() != round || r.step() != step || !layout.contains(r.client())
                    || r.group() != layout.groupOf(r.client()) || r.batchSize() != layout.batch()) {
                throw new RecordIntegrityException("record of client " + r.client() + " (round " + r.round() + ", step "
                        + r.step() + ", group " + r.group() + ") does not belong to round " + round + ", step " + step);
            }
            if (byClient.put(r.client(), r) != null) {
                throw new RecordIntegrityException("two records from client " + r.client() + " in round " + round);
            }
        }
        for (int g = 0; g < layout.groupCount(); g++) {
            for (int client : layout.members(g)) {
                if (!byClient.containsKey(client)) {
                    throw new RecordIntegrityException("no record from client " + client + " in round " + round
                            + ", step " + step);
                }
            }
        }
        return byClient;
    }

    /**
     * @param loss the step's mean training loss; NaN when no group was trained
     * @param gradients one record per client trained, sorted by client id
     * @param dropped the step's clients whose uploads it did not train on, client id to reason ({@link Drops})
     */
    public record Result(float loss, List<GradientRecord> gradients, SortedMap<Integer, String> dropped) {}
}
