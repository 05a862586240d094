package org.cutmixsl.data.dataset;

import java.io.UncheckedIOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.cutmixsl.common.io.Location;
import org.cutmixsl.data.source.DatasetKind;

/**
 * A prepared dataset on disk, opened through its validated manifest. Layout of its directory:
 * <pre>
 *   manifest.json            written last: its presence means the rest is complete
 *   train/                   Parquet: client_id int, sample_id long, label int, image binary (uint8 HWC);
 *                            each file a contiguous range of clients, rows sorted by (client_id, sample_id)
 *   test/                    Parquet, same columns, client_id = -1
 *   holdout/                 Parquet, same columns, client_id = -1; only when the holdout is not empty
 *   validation/              Parquet, same columns, client_id = -1; only when the validation split is not empty
 *   share-stats.csv          client_id,class_0,...: per-client class counts
 *   share-heatmap.png        the same counts as a picture
 * </pre>
 * Datasets prepared before the rename hold the last two as {@code partition-stats.csv} and
 * {@code partition-heatmap.png}, which {@link #statsCsvPath} and {@link #heatmapPath} still find.
 * The directory may be on any Hadoop file system ({@link Location}: a local path, {@code hdfs://}, {@code s3a://});
 * the split locations are qualified Hadoop URIs ({@code file:/...} for a local one). Read the splits with
 * {@link #readTrain}, {@link #readTest}, {@link #readHoldout} and {@link #readValidation}, or with {@link #SCHEMA} given explicitly: without
 * it Spark runs a schema-inference job whose task results are {@code StructType}s, and under
 * {@code spark.kryo.registrationRequired=true} that job fails unless Spark's SQL type classes are registered.
 */
public final class PreparedDataset {

    /** Columns of every split: client_id (-1 for rows no client holds), sample_id, label, image (uint8 HWC). */
    public static final StructType SCHEMA = new StructType()
            .add("client_id", DataTypes.IntegerType, false)
            .add("sample_id", DataTypes.LongType, false)
            .add("label", DataTypes.IntegerType, false)
            .add("image", DataTypes.BinaryType, false);

    /** Name of the manifest file. */
    public static final String MANIFEST = "manifest.json";
    /** Name of the per-client class counts file. */
    public static final String STATS_CSV = "share-stats.csv";
    /** Name of the heatmap picture. */
    public static final String HEATMAP_PNG = "share-heatmap.png";
    /** {@link #STATS_CSV}'s name in datasets prepared before the rename. */
    static final String LEGACY_STATS_CSV = "partition-stats.csv";
    /** {@link #HEATMAP_PNG}'s name in datasets prepared before the rename. */
    static final String LEGACY_HEATMAP_PNG = "partition-heatmap.png";

    private final Location root;
    private final Manifest manifest;
    private final String manifestSha256;

    private PreparedDataset(Location root, Manifest manifest, String manifestSha256) {
        this.root = root;
        this.manifest = manifest;
        this.manifestSha256 = manifestSha256;
    }

    /**
     * Opens a prepared dataset and checks that it is complete.
     *
     * @param dir its directory: a local path or a URI ({@code file:}, {@code hdfs://}, ...)
     * @return the dataset
     * @throws InvalidDatasetException naming the path if it is missing, incomplete or inconsistent
     */
    public static PreparedDataset open(String dir) {
        return open(dir, true);
    }

    /**
     * Opens a prepared dataset and checks that it is complete, but for the test split when {@code withTest} is
     * false: a caller that never evaluates on the test split (tuning on the validation split) then neither needs
     * nor touches it.
     *
     * @param dir its directory: a local path or a URI ({@code file:}, {@code hdfs://}, ...)
     * @param withTest whether the test split must be there
     * @return the dataset
     * @throws InvalidDatasetException naming the path if it is missing, incomplete or inconsistent
     */
    public static PreparedDataset open(String dir, boolean withTest) {
        Location root = location(dir);
        try {
            if (!root.isDirectory()) {
                throw new InvalidDatasetException("prepared dataset " + root + " does not exist or is not a directory"
                        + " (create it with: bin/cutmixsl prepare --out " + root + " ...)");
            }
            Location manifestFile = root.resolve(MANIFEST);
            if (!manifestFile.isFile()) {
                throw new InvalidDatasetException(root + " has no " + MANIFEST
                        + ": it is not a prepared dataset, or its preparation did not finish");
            }
            byte[] bytes = manifestFile.readBytes();
            Manifest manifest = Manifest.parse(bytes, manifestFile.toString());
            check(root, manifest, withTest);
            return new PreparedDataset(root, manifest, sha256(bytes));
        } catch (UncheckedIOException e) {
            throw new InvalidDatasetException(e.getMessage(), e);
        }
    }

    private static void check(Location root, Manifest m, boolean withTest) {
        requireDir(root, Manifest.TRAIN_DIR);
        if (withTest) {
            requireDir(root, Manifest.TEST_DIR);
        }
        if (m.holdoutRows() > 0) {
            requireDir(root, Manifest.HOLDOUT_DIR);
        }
        if (m.validationRows() > 0) {
            requireDir(root, Manifest.VALIDATION_DIR);
        }
        int[] counts = m.clientSampleCounts();
        if (counts.length != m.recipe().clients()) {
            throw new InvalidDatasetException(root.resolve(MANIFEST) + ": " + counts.length
                    + " client sample counts for " + m.recipe().clients() + " clients");
        }
        long sum = 0;
        for (int count : counts) {
            sum += count;
        }
        if (sum != m.trainRows()) {
            throw new InvalidDatasetException(root.resolve(MANIFEST) + ": client sample counts add up to " + sum
                    + ", but the training split has " + m.trainRows() + " rows");
        }
        for (ClientRangeFile file : m.trainFiles()) {
            if (!root.resolve(Manifest.TRAIN_DIR).resolve(file.file()).isFile()) {
                throw new InvalidDatasetException(root + " is incomplete: " + Manifest.TRAIN_DIR + "/" + file.file()
                        + " listed in the manifest is missing");
            }
        }
    }

    private static void requireDir(Location root, String name) {
        if (!root.resolve(name).isDirectory()) {
            throw new InvalidDatasetException(root + " is incomplete: " + name + "/ is missing");
        }
    }

    /** A dataset directory named by a local path or a URI, on the file system that serves it. */
    static Location location(String dir) {
        if (dir == null || dir.isBlank()) {
            throw new InvalidDatasetException("no prepared dataset directory given");
        }
        try {
            return Location.of(dir);
        } catch (IllegalArgumentException e) {
            throw new InvalidDatasetException("prepared dataset " + e.getMessage(), e);
        }
    }

    private static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("this JVM has no SHA-256", e);
        }
    }

    private String hadoopPath(String child) {
        return root.resolve(child).uri();
    }

    /** @return the dataset's directory as a user names it: an absolute local path, or a URI */
    public String root() {
        return root.toString();
    }

    /** @return the dataset's directory */
    public Location location() {
        return root;
    }

    /** @return the parsed manifest */
    public Manifest manifest() {
        return manifest;
    }

    /** @return SHA-256 of manifest.json's bytes: identifies the prepared content in run records */
    public String manifestSha256() {
        return manifestSha256;
    }

    /** @return which dataset it is */
    public DatasetKind kind() {
        return manifest.kind();
    }

    /** @return image height in pixels */
    public int height() {
        return manifest.height();
    }

    /** @return image width in pixels */
    public int width() {
        return manifest.width();
    }

    /** @return channels per pixel */
    public int channels() {
        return manifest.channels();
    }

    /** @return number of classes */
    public int numClasses() {
        return manifest.numClasses();
    }

    /** @return class names, indexed by label */
    public List<String> classNames() {
        return manifest.classNames();
    }

    /** @return number of clients */
    public int clients() {
        return manifest.recipe().clients();
    }

    /** @return the seed the split was drawn with */
    public long seed() {
        return manifest.recipe().seed();
    }

    /** @return rows of the training split, all clients together */
    public long trainRows() {
        return manifest.trainRows();
    }

    /** @return rows of the test split */
    public long testRows() {
        return manifest.testRows();
    }

    /** @return rows of the server holdout; 0 when there is none */
    public long holdoutRows() {
        return manifest.holdoutRows();
    }

    /** @return rows of the validation split; 0 when there is none */
    public long validationRows() {
        return manifest.validationRows();
    }

    /** @return samples per client, indexed by client id (a copy) */
    public int[] clientSampleCounts() {
        return manifest.clientSampleCounts();
    }

    /**
     * @param client client id in {@code [0, clients)}
     * @return its number of samples
     */
    public int clientSampleCount(int client) {
        return manifest.clientSampleCounts()[client];
    }

    /** @return the training split's location, a qualified Hadoop URI */
    public String trainPath() {
        return hadoopPath(Manifest.TRAIN_DIR);
    }

    /** @return the test split's location, a qualified Hadoop URI */
    public String testPath() {
        return hadoopPath(Manifest.TEST_DIR);
    }

    /** @return the server holdout's location, a qualified Hadoop URI, when it is not empty */
    public Optional<String> holdoutPath() {
        return manifest.holdoutRows() > 0 ? Optional.of(hadoopPath(Manifest.HOLDOUT_DIR)) : Optional.empty();
    }

    /** @return the validation split's location, a qualified Hadoop URI, when it is not empty */
    public Optional<String> validationPath() {
        return manifest.validationRows() > 0 ? Optional.of(hadoopPath(Manifest.VALIDATION_DIR)) : Optional.empty();
    }

    /**
     * @param spark the session
     * @return the training split, with its schema given so that no inference job runs
     */
    public Dataset<Row> readTrain(SparkSession spark) {
        return spark.read().schema(SCHEMA).parquet(trainPath());
    }

    /**
     * @param spark the session
     * @return the test split
     */
    public Dataset<Row> readTest(SparkSession spark) {
        return spark.read().schema(SCHEMA).parquet(testPath());
    }

    /**
     * @param spark the session
     * @return the server holdout, when it is not empty
     */
    public Optional<Dataset<Row>> readHoldout(SparkSession spark) {
        return holdoutPath().map(path -> spark.read().schema(SCHEMA).parquet(path));
    }

    /**
     * @param spark the session
     * @return the validation split (training images no client holds), when it is not empty
     */
    public Optional<Dataset<Row>> readValidation(SparkSession spark) {
        return validationPath().map(path -> spark.read().schema(SCHEMA).parquet(path));
    }

    /** @return the per-client class counts CSV, named as {@link #root()} is */
    public String statsCsvPath() {
        return existingOf(STATS_CSV, LEGACY_STATS_CSV);
    }

    /** @return the heatmap PNG, named as {@link #root()} is */
    public String heatmapPath() {
        return existingOf(HEATMAP_PNG, LEGACY_HEATMAP_PNG);
    }

    /** The file under its current name, or under its old one when only that exists (an older dataset). */
    private String existingOf(String name, String legacyName) {
        Location current = root.resolve(name);
        Location legacy = root.resolve(legacyName);
        return (!current.exists() && legacy.exists() ? legacy : current).toString();
    }
}
