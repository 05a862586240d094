package org.cutmixsl.spark.cli;

import com.typesafe.config.ConfigException;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.apache.hadoop.conf.Configuration;
import org.cutmixsl.common.cli.ExitCodes;
import org.cutmixsl.common.cli.Subcommand;
import org.cutmixsl.common.io.FileTrees;
import org.cutmixsl.common.io.Location;
import org.cutmixsl.data.source.DatasetKind;
import org.cutmixsl.model.export.ModelDirectory;
import org.cutmixsl.model.export.ModelInfo;
import org.cutmixsl.model.train.DpClip;
import org.cutmixsl.model.train.SmashedTransform;
import org.cutmixsl.model.vit.ParameterVector;
import org.cutmixsl.spark.config.ConfigLoader;
import org.cutmixsl.spark.config.TrainConfig;
import org.cutmixsl.spark.heads.HeadStore;
import org.cutmixsl.spark.method.SplitMethod;
import org.cutmixsl.spark.method.SplitMethods;
import org.cutmixsl.spark.run.Checkpoint;
import org.cutmixsl.spark.run.RunDirectory;
import picocli.CommandLine.Command;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Option;
import picocli.CommandLine.TypeConversionException;

/**
 * {@code export --run RUN_DIR --out MODEL_DIR [--client K] [--overwrite]}: the whole ViT of a run's latest complete
 * checkpoint (a finished run's final one) as a model directory that DJL's {@code Criteria} loads
 * ({@link ModelDirectory}). The head is the global one when the method ends with one head for every client (FedAvg,
 * SL's handed-on head, centralized), or client K's own when clients keep their own heads (PSL, CutMixSL with
 * {@code head.aggregateEvery = 0}, or a run that stopped between two averages): those need {@code --client K},
 * the others refuse it. Prints the model directory as its last line.
 */
@Command(name = "export", customSynopsis = ExportCommand.SYNOPSIS,
        description = "Writes the ViT of RUN_DIR's latest complete checkpoint as a DJL model directory: "
                + ModelDirectory.MODEL_NAME + "-0000.params and " + ModelDirectory.INFO_FILE + ".")
public final class ExportCommand extends Subcommand {

    static final String SYNOPSIS = "export --run RUN_DIR --out MODEL_DIR [--client K] [--overwrite]";

    /** Usage text. */
    public static final String USAGE = "usage: " + SYNOPSIS;

    @Option(names = "--run", paramLabel = "RUN_DIR", description = "the run (any Hadoop file system)")
    String runDir;

    @Option(names = "--out", paramLabel = "MODEL_DIR", description = "the model directory to write (any Hadoop file"
            + " system)")
    String modelDir;

    @Option(names = "--client", paramLabel = "K", converter = ClientId.class, description = "client K's own head:"
            + " required when clients keep their own heads (psl, head.aggregateEvery = 0), refused otherwise")
    Integer client;

    @Option(names = "--overwrite", description = "replace an earlier export in MODEL_DIR")
    boolean overwrite;

    /** @param args see {@link #USAGE} */
    public static void main(String[] args) {
        exit(new ExportCommand(), args);
    }

    @Override
    public Integer call() {
        if (runDir == null || modelDir == null) {
            throw new IllegalArgumentException((runDir == null ? "--run RUN_DIR" : "--out MODEL_DIR")
                    + " is required; " + USAGE);
        }
        Location target = Location.forOption("--out", modelDir);
        ModelInfo info = export(runDir, target, client, overwrite, err);
        err.println("exported round " + info.round() + " of " + info.source() + " (" + info.method() + ", "
                + info.head() + " head)");
        out.println(target);
        return ExitCodes.OK;
    }

    /**
     * @param runDir the run directory (any Hadoop file system)
     * @param modelDir the model directory to write (any Hadoop file system: a remote one is written locally first,
     *     then copied)
     * @param client the client whose own head to export, or null for the global head
     * @param overwrite replace an earlier export
     * @param err where notes go
     * @return what was written
     * @throws IllegalArgumentException with a message for the user when the run or the choice of head does not allow it
     */
    public static ModelInfo export(String runDir, Location modelDir, Integer client, boolean overwrite,
                                   PrintStream err) {
        if (!overwrite && modelDir.isDirectory() && !modelDir.list().isEmpty()) {
            throw new IllegalArgumentException("--out " + modelDir + " already exists and is not empty; pass --overwrite"
                    + " to replace an earlier export");
        }
        RunDirectory run = new RunDirectory(runDir, new Configuration());
        if (!run.exists("config.conf")) {
            throw new IllegalArgumentException("--run " + run.display() + " holds no run (config.conf is missing)");
        }
        Optional<Checkpoint> latest = Checkpoint.latest(run);
        if (latest.isEmpty()) {
            throw new IllegalArgumentException("--run " + run.display() + " has no complete checkpoint yet: nothing to"
                    + " export");
        }
        Checkpoint checkpoint = latest.get();
        TrainConfig config = runConfig(run);
        if (!run.isComplete()) {
            err.println("note: " + run.display() + " is not finished; exporting its latest checkpoint, round "
                    + checkpoint.round() + " of " + config.rounds);
        }
        HeadStore heads = HeadStore.fromBytes(checkpoint.heads());
        if (client != null && client >= config.clientCount) {
            throw new IllegalArgumentException("--client " + client + ": the run has clients 0.." + (config.clientCount - 1));
        }
        // As evaluation does: one head per client when the method keeps them apart, or when the run's last
        // round left clients with heads of their own (FedAvg every k > 1 rounds, stopped between two averages).
        boolean perClient = keepsClientHeads(config) || heads.hasClientParameters();
        byte[] head;
        String which;
        if (perClient) {
            if (client == null) {
                throw new IllegalArgumentException("method " + config.method + " leaves every client its own head"
                        + (keepsClientHeads(config) ? "" : " (after round " + checkpoint.round() + ")")
                        + ": choose one with --client K (0.." + (config.clientCount - 1) + ")");
            }
            head = heads.stateOf(client).parameters();
            which = ModelInfo.clientHead(client);
        } else {
            if (client != null) {
                throw new IllegalArgumentException("--client " + client + ": method " + config.method
                        + " ends with one head that every client shares; export it without --client");
            }
            head = heads.globalParameters();
            which = ModelInfo.GLOBAL_HEAD;
        }
        // The body trained behind the method's clip (DP-CutMixSL): the exported model applies it too, as evaluation
        // does; not the evaluation's noise (dp.evaluation = noise), which a model file does not carry.
        SmashedTransform cut = method(config).evaluationTransform().deterministic();
        DpClip clip = cut instanceof DpClip c ? c : null;
        if (clip == null && cut != SmashedTransform.IDENTITY) {
            throw new IllegalStateException("method " + config.method + " evaluates through " + cut
                    + ", which the exported model cannot carry");
        }
        ModelInfo info = new ModelInfo(config.model, classNames(config), which, config.method, checkpoint.round(),
                checkpoint.configHash(), config.seed, run.display(), clip);
        ParameterVector[] parts = {ParameterVector.fromBytes(head), ParameterVector.fromBytes(checkpoint.body().parameters()),
            ParameterVector.fromBytes(checkpoint.tail().parameters())};
        if (modelDir.isLocal()) {
            ModelDirectory.write(modelDir.localPath(), info, parts[0], parts[1], parts[2], overwrite);
            return info;
        }
        // DJL's model directory is local files: written in a temporary folder, then copied in place of an earlier
        // model (never of a folder that holds something else, as ModelDirectory refuses locally).
        if (modelDir.isFile() || !modelDir.list().isEmpty() && !modelDir.resolve(ModelDirectory.INFO_FILE).isFile()) {
            throw new IllegalArgumentException("--out " + modelDir + " holds something other than a model ("
                    + ModelDirectory.INFO_FILE + " is missing): it is not replaced");
        }
        try {
            Path staging = Files.createTempDirectory("cutmixsl-export-");
            try {
                Path local = staging.resolve(modelDir.name());
                ModelDirectory.write(local, info, parts[0], parts[1], parts[2], false);
                modelDir.delete();
                modelDir.copyFromLocal(local);
            } finally {
                FileTrees.deleteRecursively(staging);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + modelDir + ": " + e.getMessage(), e);
        }
        return info;
    }

    /** @return whether the configured method keeps one head per client (its head policy says so) */
    static boolean keepsClientHeads(TrainConfig config) {
        return method(config).headPolicy().perClientHeads();
    }

    /** The run's method, for what it says about heads and evaluation. */
    private static SplitMethod method(TrainConfig config) {
        // The FedAvg weights decide neither; equal ones stand in for the real counts.
        int[] weights = new int[config.clientCount];
        Arrays.fill(weights, 1);
        return SplitMethods.create(config, weights);
    }

    /** The run's resolved configuration, read back through the loader that validated it. */
    private static TrainConfig runConfig(RunDirectory run) {
        try {
            return ConfigLoader.loadRecorded(run.readText("config.conf"), run.display() + "/config.conf", List.of());
        } catch (IllegalArgumentException | ConfigException e) {
            throw new IllegalArgumentException("--run " + run.display() + ": its config.conf does not load: "
                    + e.getMessage(), e);
        }
    }

    private static List<String> classNames(TrainConfig config) {
        try {
            List<String> names = DatasetKind.fromName(config.data.dataset).classNames();
            if (names.size() == config.model.classes()) {
                return names;
            }
        } catch (IllegalArgumentException e) {
            // a dataset this build does not name: label the classes by index
        }
        return ModelInfo.indexNames(config.model.classes());
    }

    /** K of {@code --client K}: a client id, an integer ≥ 0. */
    static final class ClientId implements ITypeConverter<Integer> {
        @Override
        public Integer convert(String value) {
            try {
                int k = Integer.parseInt(value);
                if (k >= 0) {
                    return k;
                }
            } catch (NumberFormatException e) {
                // below
            }
            throw new TypeConversionException("expected a client id (an integer ≥ 0)");
        }
    }
}
