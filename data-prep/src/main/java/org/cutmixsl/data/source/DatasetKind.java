package org.cutmixsl.data.source;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The datasets the project reads: their command-line names, the files a source directory holds, the image
 * shape and the classes. Ten classes each.
 */
public enum DatasetKind {

    /** Zalando's Fashion-MNIST, IDX files; Debian and Ubuntu ship it as the package dataset-fashion-mnist. */
    FASHION_MNIST("fashion-mnist", 28, 28, 1,
            List.of("T-shirt/top", "Trouser", "Pullover", "Dress", "Coat",
                    "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot"),
            "/usr/share/datasets/fashion-mnist",
            new float[] {0.2860406f}, new float[] {0.3530242f}),
    /** LeCun's MNIST digits, IDX files with the same names as Fashion-MNIST's. */
    MNIST("mnist", 28, 28, 1,
            List.of("0", "1", "2", "3", "4", "5", "6", "7", "8", "9"),
            null,
            new float[] {0.1306605f}, new float[] {0.3081078f}),
    /** CIFAR-10 in its binary format. */
    CIFAR10("cifar10", 32, 32, 3,
            List.of("airplane", "automobile", "bird", "cat", "deer",
                    "dog", "frog", "horse", "ship", "truck"),
            null,
            new float[] {0.4913997f, 0.4821584f, 0.4465309f}, new float[] {0.2470322f, 0.2434851f, 0.2615878f});

    private static final List<String> IDX_TRAIN = List.of("train-images-idx3-ubyte", "train-labels-idx1-ubyte");
    private static final List<String> IDX_TEST = List.of("t10k-images-idx3-ubyte", "t10k-labels-idx1-ubyte");
    private static final List<String> CIFAR_TRAIN = List.of("data_batch_1.bin", "data_batch_2.bin",
            "data_batch_3.bin", "data_batch_4.bin", "data_batch_5.bin");
    private static final List<String> CIFAR_TEST = List.of("test_batch.bin");

    private final String cliName;
    private final int height;
    private final int width;
    private final int channels;
    private final List<String> classNames;
    private final String defaultSource;
    private final float[] pixelMean;
    private final float[] pixelStd;

    DatasetKind(String cliName, int height, int width, int channels, List<String> classNames, String defaultSource,
            float[] pixelMean, float[] pixelStd) {
        this.pixelMean = pixelMean;
        this.pixelStd = pixelStd;
        this.cliName = cliName;
        this.height = height;
        this.width = width;
        this.channels = channels;
        this.classNames = classNames;
        this.defaultSource = defaultSource;
    }

    /**
     * @param name a command-line name such as {@code fashion-mnist}; case does not matter
     * @return the dataset of that name
     * @throws IllegalArgumentException naming the value and the accepted names if there is none
     */
    public static DatasetKind fromName(String name) {
        for (DatasetKind kind : values()) {
            if (kind.cliName.equals(name == null ? null : name.toLowerCase(Locale.ROOT))) {
                return kind;
            }
        }
        throw new IllegalArgumentException("unknown dataset '" + name + "': expected one of " + names());
    }

    /** @return the accepted command-line names, comma-separated */
    public static String names() {
        return Arrays.stream(values()).map(DatasetKind::cliName).collect(Collectors.joining(", "));
    }

    /** @return the command-line name, such as {@code fashion-mnist} */
    public String cliName() {
        return cliName;
    }

    /**
     * Per-channel mean of p/255 over the standard training split (Fashion-MNIST: measured over its 60,000
     * training images, checked by a test against the files; MNIST and CIFAR-10: the published values).
     *
     * @return one value per channel, a copy
     */
    public float[] pixelMean() {
        return pixelMean.clone();
    }

    /** @return per-channel population sd of p/255 over the standard training split, a copy */
    public float[] pixelStd() {
        return pixelStd.clone();
    }

    /** @return image height in pixels */
    public int height() {
        return height;
    }

    /** @return image width in pixels */
    public int width() {
        return width;
    }

    /** @return channels per pixel */
    public int channels() {
        return channels;
    }

    /** @return number of classes */
    public int numClasses() {
        return classNames.size();
    }

    /** @return class names, indexed by label */
    public List<String> classNames() {
        return classNames;
    }

    /** @return where a system package installs this dataset, if one does */
    public Optional<Path> defaultSource() {
        return Optional.ofNullable(defaultSource).map(Path::of);
    }

    /**
     * @param sourceDir directory holding the dataset's files
     * @return the training files in reading order (for IDX: images, then labels)
     * @throws InvalidSourceException if one is missing
     */
    public List<Path> trainFiles(Path sourceDir) {
        return resolve(sourceDir, this == CIFAR10 ? CIFAR_TRAIN : IDX_TRAIN);
    }

    /**
     * @param sourceDir directory holding the dataset's files
     * @return the test files in reading order (for IDX: images, then labels)
     * @throws InvalidSourceException if one is missing
     */
    public List<Path> testFiles(Path sourceDir) {
        return resolve(sourceDir, this == CIFAR10 ? CIFAR_TEST : IDX_TEST);
    }

    /**
     * @param sourceDir directory holding the dataset's files
     * @return the training split
     * @throws InvalidSourceException if a file is missing or malformed
     */
    public LabeledImages readTrain(Path sourceDir) {
        return read(trainFiles(sourceDir));
    }

    /**
     * @param sourceDir directory holding the dataset's files
     * @return the test split
     * @throws InvalidSourceException if a file is missing or malformed
     */
    public LabeledImages readTest(Path sourceDir) {
        return read(testFiles(sourceDir));
    }

    private LabeledImages read(List<Path> files) {
        if (this == CIFAR10) {
            return Cifar10Reader.read(files);
        }
        return IdxReader.read(files.get(0), files.get(1), height, width, numClasses());
    }

    /** Finds each expected file; IDX files may be gzipped ({@code .gz}) or plain, gzipped preferred. */
    private List<Path> resolve(Path sourceDir, List<String> names) {
        List<Path> found = new ArrayList<>();
        for (String name : names) {
            Path gz = sourceDir.resolve(name + ".gz");
            Path plain = sourceDir.resolve(name);
            if (this != CIFAR10 && Files.isRegularFile(gz)) {
                found.add(gz);
            } else if (Files.isRegularFile(plain)) {
                found.add(plain);
            } else {
                throw new InvalidSourceException(sourceDir, "missing " + name + (this == CIFAR10 ? "" : "[.gz]")
                        + ": a " + cliName + " source directory holds " + expectedFiles());
            }
        }
        return found;
    }

    private String expectedFiles() {
        List<String> all = new ArrayList<>();
        all.addAll(this == CIFAR10 ? CIFAR_TRAIN : IDX_TRAIN);
        all.addAll(this == CIFAR10 ? CIFAR_TEST : IDX_TEST);
        return String.join(", ", all) + (this == CIFAR10 ? "" : " (each gzipped or not)");
    }
}
