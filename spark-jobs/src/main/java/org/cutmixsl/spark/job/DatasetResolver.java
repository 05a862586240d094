package org.cutmixsl.spark.job;

import java.nio.file.Files;
import java.nio.file.Paths;
import org.apache.spark.sql.SparkSession;
import org.cutmixsl.common.io.Location;
import org.cutmixsl.data.dataset.PreparedDataset;
import org.cutmixsl.data.prepare.DatasetPreparer;
import org.cutmixsl.data.prepare.PrepareOptions;
import org.cutmixsl.model.vit.ViTConfig;
import org.cutmixsl.spark.config.TrainConfig;

/**
 * Finds the dataset a configuration names, prepares it when it is missing (with the run's seed and the
 * configuration's share settings), and checks that it fits the model, the client count and the validation split's
 * size. With eval.test off, a dataset whose test split is missing is accepted: the job never reads it.
 */
public final class DatasetResolver {

    /** Where the Debian package puts Fashion-MNIST. */
    public static final String FASHION_MNIST_DEFAULT = "/usr/share/datasets/fashion-mnist";

    private DatasetResolver() {}

    /**
     * @param spark the session (preparing writes Parquet through it)
     * @param config the run's configuration
     * @return the dataset, checked against the model
     * @throws DataProblem when it cannot be found, prepared, or does not fit
     */
    public static PreparedDataset resolve(SparkSession spark, TrainConfig config) {
        Location dir = dataDir(config);
        PreparedDataset dataset;
        if (dir.resolve(PreparedDataset.MANIFEST).exists()) {
            dataset = open(dir.toString(), config.evalTest);
        } else {
            dataset = prepare(spark, config, dir);
        }
        check(dataset, config);
        return dataset;
    }

    private static PreparedDataset open(String dir, boolean withTest) {
        try {
            return PreparedDataset.open(dir, withTest);
        } catch (RuntimeException e) {
            throw new DataProblem("data.dir = " + dir + ": " + e.getMessage(), e);
        }
    }

    private static PreparedDataset prepare(SparkSession spark, TrainConfig config, Location dir) {
        PrepareOptions options = prepareOptions(config);
        try {
            return DatasetPreparer.prepare(spark, options);
        } catch (RuntimeException e) {
            throw new DataProblem("preparing " + dir + " from " + options.source() + " failed: " + e.getMessage(), e);
        }
    }

    /**
     * How the configuration's dataset is prepared: its data settings, clients.count and seed.
     *
     * @param config the run's configuration
     * @return the options of {@code bin/cutmixsl prepare} that make data.dir
     * @throws DataProblem when the source is missing or the settings cannot be prepared
     */
    public static PrepareOptions prepareOptions(TrainConfig config) {
        TrainConfig.DataSettings data = config.data;
        Location dir = dataDir(config);
        String source = data.source.isBlank() && "fashion-mnist".equals(data.dataset) ? FASHION_MNIST_DEFAULT : data.source;
        if (source.isBlank()) {
            throw new DataProblem("data.dir = " + dir + " holds no prepared dataset, and data.source is empty: give the"
                    + " folder of the raw " + data.dataset + " files, or prepare it with bin/cutmixsl prepare");
        }
        if (!Files.isDirectory(Paths.get(source))) {
            throw new DataProblem("data.dir = " + dir + " holds no prepared dataset, and data.source = " + source
                    + " is not a readable folder"
                    + ("fashion-mnist".equals(data.dataset) ? " (install it: sudo apt-get install dataset-fashion-mnist)" : ""));
        }
        try {
            PrepareOptions.Builder builder = PrepareOptions.builder()
                    .dataset(data.dataset)
                    .source(Paths.get(source))
                    .clients(config.clientCount)
                    .shares(data.shares)
                    .minSamples(data.minSamples)
                    .serverHoldout(data.serverHoldout)
                    .validation(data.validation)
                    .seed(config.seed)
                    .out(dir.toString());
            // The preparer refuses settings of another share scheme, so only the scheme's own are passed.
            if ("dirichlet".equalsIgnoreCase(data.shares)) {
                builder.beta(data.beta);
            } else if ("shards".equalsIgnoreCase(data.shares)) {
                builder.shardsPerClient(data.shardsPerClient);
            }
            return builder.build();
        } catch (RuntimeException e) {
            throw new DataProblem("cannot prepare " + dir + ": " + e.getMessage(), e);
        }
    }

    /**
     * @param config the run's configuration
     * @return its data.dir: a local path made absolute, or a URI on any Hadoop file system
     * @throws DataProblem naming data.dir when it is no path
     */
    public static Location dataDir(TrainConfig config) {
        try {
            return Location.forOption("data.dir =", config.data.dir);
        } catch (IllegalArgumentException e) {
            throw new DataProblem(e.getMessage(), e);
        }
    }

    private static void check(PreparedDataset dataset, TrainConfig config) {
        ViTConfig m = config.model;
        if (dataset.height() != m.imageHeight() || dataset.width() != m.imageWidth() || dataset.channels() != m.channels()) {
            throw new DataProblem(String.format("data.dir = %s holds %dx%dx%d images, but model.preset = %s expects %dx%dx%d",
                    dataset.root(), dataset.height(), dataset.width(), dataset.channels(), m.name(), m.imageHeight(),
                    m.imageWidth(), m.channels()));
        }
        if (dataset.numClasses() != m.classes()) {
            throw new DataProblem("data.dir = " + dataset.root() + " has " + dataset.numClasses()
                    + " classes, the model " + m.classes());
        }
        if (dataset.clients() != config.clientCount) {
            throw new DataProblem("data.dir = " + dataset.root() + " is split among " + dataset.clients()
                    + " clients, but clients.count = " + config.clientCount
                    + " (prepare another folder, or set data.dir to a new path to have it prepared)");
        }
        if (dataset.validationRows() != config.data.validation) {
            throw new DataProblem("data.dir = " + dataset.root() + " holds a validation split of "
                    + dataset.validationRows() + " images, but data.validation = " + config.data.validation
                    + " (prepare another folder with --validation " + config.data.validation
                    + ", or set data.dir to a new path to have it prepared)");
        }
    }
}
