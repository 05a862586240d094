package org.cutmixsl.spark.cli;

import ai.djl.Device;
import ai.djl.inference.Predictor;
import ai.djl.modality.Classifications;
import ai.djl.repository.zoo.ZooModel;
import ai.djl.translate.TranslateException;
import java.io.BufferedWriter;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.cutmixsl.common.cli.ExitCodes;
import org.cutmixsl.common.cli.PositiveInt;
import org.cutmixsl.common.cli.Subcommand;
import org.cutmixsl.common.io.Location;
import org.cutmixsl.data.source.IdxReader;
import org.cutmixsl.model.device.DeviceOption;
import org.cutmixsl.model.export.ModelDirectory;
import org.cutmixsl.model.export.ModelInfo;
import org.cutmixsl.model.export.ViTClassifierTranslator;
import org.cutmixsl.model.train.Autograd;
import org.cutmixsl.model.vit.ViTConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code predict --model MODEL_DIR --images FILE [--labels FILE] [--batch N] [--threads N]}: loads an exported model
 * through DJL's {@code Criteria} and prints the predicted label (the class index, as IDX label files hold it) of
 * every image of an IDX images file, gzipped or plain, one per line in file order. With {@code --labels} it also
 * prints {@code accuracy=<fraction> (<correct>/<total>)} on standard error.
 */
@Command(name = "predict", customSynopsis = PredictCommand.SYNOPSIS,
        description = "Prints the predicted label of every image of an IDX images file (gzipped or plain), one per"
                + " line; with --labels, the accuracy on standard error.")
public final class PredictCommand extends Subcommand {

    static final String SYNOPSIS = "predict --model MODEL_DIR --images FILE [--labels FILE] [--batch N] [--threads N]";

    /** Images per forward pass by default: the job's eval.batchSize default, so figures match evaluation's. */
    public static final int DEFAULT_BATCH = 256;

    @Option(names = "--model", paramLabel = "MODEL_DIR", required = true,
            description = "an exported model (any Hadoop file system)")
    String model;

    @Option(names = "--images", paramLabel = "FILE", required = true,
            description = "an IDX images file (any Hadoop file system)")
    String images;

    @Option(names = "--labels", paramLabel = "FILE", description = "its IDX labels file: print the accuracy")
    String labels;

    @Option(names = "--batch", paramLabel = "N", converter = PositiveInt.class,
            description = "images per forward pass (default " + DEFAULT_BATCH + ")")
    int batch = DEFAULT_BATCH;

    @Option(names = "--threads", paramLabel = "N", converter = PositiveInt.class,
            description = "intra-op threads (default: every core)")
    int threads = Runtime.getRuntime().availableProcessors();

    @Mixin
    DeviceOption device = new DeviceOption();

    /** @param args see the class comment */
    public static void main(String[] args) {
        exit(new PredictCommand(), args);
    }

    @Override
    public Integer call() {
        Device on = device.device(); // first: a GPU that is not there fails before anything is read or copied
        Predictions p;
        // DJL and the IDX reader read local files: a model or file on another file system is copied here first.
        try (Location.LocalCopy m = Location.forOption("--model", model).localCopy();
                Location.LocalCopy i = Location.forOption("--images", images).localCopy();
                Location.LocalCopy l = labels == null ? null : Location.forOption("--labels", labels).localCopy()) {
            p = predict(m.path(), i.path(), l == null ? null : l.path(), batch, threads, on);
        }
        PrintWriter lines = new PrintWriter(new BufferedWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8),
                1 << 16));
        for (int label : p.labels()) {
            lines.println(label);
        }
        lines.flush();
        if (p.correct() >= 0) {
            err.println(String.format(Locale.ROOT, "accuracy=%s (%d/%d)", p.accuracy(), p.correct(),
                    p.labels().length));
        }
        return ExitCodes.OK;
    }

    /**
     * @param labels the predicted label of each image, in file order
     * @param correct how many equal the given labels, or −1 without labels
     */
    public record Predictions(int[] labels, int correct) {

        /** @return correct / images, as evaluation computes it */
        public double accuracy() {
            return (double) correct / labels.length;
        }
    }

    /**
     * @param modelDir an exported model
     * @param imagesFile an IDX images file
     * @param labelsFile its IDX labels file, or null
     * @param batch images per forward pass
     * @param threads intra-op threads
     * @param device where the model computes
     * @return the predictions
     */
    public static Predictions predict(Path modelDir, Path imagesFile, Path labelsFile, int batch, int threads,
            Device device) {
        ModelInfo info = ModelDirectory.readInfo(modelDir);
        ViTConfig config = info.config();
        if (config.channels() != 1) {
            throw new IllegalArgumentException("IDX images have one channel; the model in " + modelDir + " expects "
                    + config.channels());
        }
        byte[] pixels = IdxReader.readImages(imagesFile, config.imageHeight(), config.imageWidth());
        int count = pixels.length / config.imageValues();
        int[] truth = null;
        if (labelsFile != null) {
            truth = IdxReader.readLabels(labelsFile, config.classes());
            if (truth.length != count) {
                throw new IllegalArgumentException("--labels " + labelsFile + " holds " + truth.length
                        + " labels for the " + count + " images of " + imagesFile);
            }
        }
        Autograd.setThreads(threads);
        int[] predicted = new int[count];
        try (ZooModel<byte[], Classifications> model = ModelDirectory.load(modelDir, device);
                Predictor<byte[], Classifications> predictor = model.newPredictor()) {
            int size = config.imageValues();
            for (int start = 0; start < count; start += batch) {
                int n = Math.min(batch, count - start);
                List<byte[]> inputs = new ArrayList<>(n);
                for (int i = 0; i < n; i++) {
                    int from = (start + i) * size;
                    inputs.add(Arrays.copyOfRange(pixels, from, from + size));
                }
                List<Classifications> results = predictor.batchPredict(inputs);
                for (int i = 0; i < n; i++) {
                    predicted[start + i] = ViTClassifierTranslator.predictedClass(results.get(i));
                }
            }
        } catch (TranslateException e) {
            throw new IllegalArgumentException("prediction failed: " + e.getMessage(), e);
        }
        int correct = -1;
        if (truth != null) {
            correct = 0;
            for (int i = 0; i < count; i++) {
                if (predicted[i] == truth[i]) {
                    correct++;
                }
            }
        }
        return new Predictions(predicted, correct);
    }
}
