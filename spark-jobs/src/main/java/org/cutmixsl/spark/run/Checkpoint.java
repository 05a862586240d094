package org.cutmixsl.spark.run;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.cutmixsl.model.train.PartState;
import org.cutmixsl.spark.round.MetricsCodec;
import org.cutmixsl.spark.round.RoundMetrics;

/**
 * Everything a run needs to continue exactly after round r: body and tail (parameters and optimiser
 * state), every client head, the metrics so far and the round. Randomness needs no saved state: every
 * random choice is a pure function of (seed, round, client). Written into {@code checkpoints/round-r/},
 * with {@code _COMPLETE} last, so a checkpoint cut short by a crash is never mistaken for a usable one.
 *
 * @param round the last completed round (1-based)
 * @param body body state
 * @param tail tail state
 * @param heads the head store's bytes
 * @param metrics rows of rounds 1..round
 * @param configHash hash of the resolved configuration that made it
 */
public record Checkpoint(int round, PartState body, PartState tail, byte[] heads, List<RoundMetrics> metrics,
                         String configHash) {

    /** Folder of all checkpoints in a run. */
    public static final String FOLDER = "checkpoints";
    private static final String COMPLETE = "_COMPLETE";

    /** Writes this checkpoint and drops the oldest beyond {@code keep}. */
    public void write(RunDirectory run, int keep) {
        write(run, keep, () -> { });
    }

    /**
     * Writes this checkpoint and drops the oldest beyond {@code keep}.
     *
     * @param beforeCommit runs after the state files and before the commit marker (a test's hold)
     */
    public void write(RunDirectory run, int keep, Runnable beforeCommit) {
        String dir = folder(round);
        run.delete(dir);
        run.writeBytes(dir + "/body.state", encodeState(body));
        run.writeBytes(dir + "/tail.state", encodeState(tail));
        run.writeBytes(dir + "/heads.bin", heads);
        MetricsCodec.write(run, dir, metrics);
        run.writeText(dir + "/round.txt", round + "\n" + configHash + "\n");
        beforeCommit.run();
        run.writeText(dir + "/" + COMPLETE, "");
        List<Integer> complete = completeRounds(run);
        for (int i = 0; i < complete.size() - keep; i++) {
            run.delete(folder(complete.get(i)));
        }
    }

    /**
     * @param run the run
     * @return the latest checkpoint whose commit marker exists
     */
    public static Optional<Checkpoint> latest(RunDirectory run) {
        List<Integer> complete = completeRounds(run);
        if (complete.isEmpty()) {
            return Optional.empty();
        }
        int round = complete.get(complete.size() - 1);
        String dir = folder(round);
        String[] info = run.readText(dir + "/round.txt").split("\n");
        List<RoundMetrics> metrics = MetricsCodec.read(run, dir);
        return Optional.of(new Checkpoint(Integer.parseInt(info[0].trim()), decodeState(run.readBytes(dir + "/body.state")),
                decodeState(run.readBytes(dir + "/tail.state")), run.readBytes(dir + "/heads.bin"), metrics,
                info.length > 1 ? info[1].trim() : ""));
    }

    /** @return rounds with a complete checkpoint, ascending */
    public static List<Integer> completeRounds(RunDirectory run) {
        List<Integer> rounds = new ArrayList<>();
        for (String name : run.list(FOLDER)) {
            if (name.startsWith("round-") && run.exists(FOLDER + "/" + name + "/" + COMPLETE)) {
                rounds.add(Integer.parseInt(name.substring("round-".length())));
            }
        }
        rounds.sort(null);
        return rounds;
    }

    static String folder(int round) {
        return String.format(Locale.ROOT, "%s/round-%06d", FOLDER, round);
    }

    /** @return a model part's state as bytes (parameters, then optimiser state, each length-prefixed) */
    public static byte[] encodeState(PartState state) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeInt(state.parameters().length);
            out.write(state.parameters());
            out.writeInt(state.optimizer().length);
            out.write(state.optimizer());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    /** @return a model part's state from {@link #encodeState} bytes */
    public static PartState decodeState(byte[] bytes) {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes))) {
            byte[] parameters = new byte[in.readInt()];
            in.readFully(parameters);
            byte[] optimizer = new byte[in.readInt()];
            in.readFully(optimizer);
            return new PartState(parameters, optimizer);
        } catch (IOException e) {
            throw new IllegalArgumentException("checkpoint state truncated", e);
        }
    }
}
