package org.cutmixsl.spark;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import org.apache.spark.sql.SparkSession;
import org.cutmixsl.common.testing.Prerequisite;
import org.cutmixsl.data.dataset.PreparedDataset;
import org.cutmixsl.data.prepare.DatasetPreparer;
import org.cutmixsl.data.prepare.PrepareOptions;
import org.cutmixsl.spark.cli.SparkSessions;

/**
 * One local SparkSession per test JVM, configured as the job configures it ({@code local[2,4]}: two task
 * threads, four attempts so retries happen), and real Fashion-MNIST prepared once per client count under
 * target/test-data.
 */
public final class TestSpark {

    /** The Debian package's folder. */
    public static final Path FASHION_MNIST = Paths.get("/usr/share/datasets/fashion-mnist");

    private static SparkSession session;

    private TestSpark() {}

    /** @return the shared session */
    public static synchronized SparkSession session() {
        if (session == null) {
            System.setProperty("spark.master", "local[2,4]");
            System.setProperty("spark.ui.enabled", "false");
            System.setProperty("spark.sql.shuffle.partitions", "4");
            session = SparkSessions.create("cutmixsl-tests");
        }
        return session;
    }

    /**
     * The raw Fashion-MNIST files: the test is skipped where they are missing, except under CI, where bin/cutmixsl
     * test installs them and a missing dataset is a failure.
     *
     * @return their folder
     */
    public static Path requireFashionMnist() {
        Prerequisite.require(Files.isDirectory(FASHION_MNIST),
                "Fashion-MNIST is missing: apt-get install dataset-fashion-mnist (bin/cutmixsl test does)");
        return FASHION_MNIST;
    }

    /**
     * Fashion-MNIST shared IID among {@code clients}, prepared once.
     *
     * @param clients N
     * @return the dataset's folder
     */
    public static synchronized String fashionMnist(int clients) {
        return fashionMnist(clients, 0);
    }

    /**
     * Fashion-MNIST shared IID among {@code clients}, with a validation split, prepared once.
     *
     * @param clients N
     * @param validation images of the validation split (0 = none)
     * @return the dataset's folder
     */
    public static synchronized String fashionMnist(int clients, int validation) {
        requireFashionMnist();
        Path dir = Paths.get("target", "test-data", "fmnist-iid-c" + clients + (validation > 0 ? "-v" + validation : ""))
                .toAbsolutePath();
        if (!Files.exists(dir.resolve(PreparedDataset.MANIFEST))) {
            DatasetPreparer.prepare(session(), PrepareOptions.builder()
                    .dataset("fashion-mnist")
                    .source(FASHION_MNIST)
                    .clients(clients)
                    .shares("iid")
                    .validation(validation)
                    .seed(7)
                    .out(dir)
                    .build());
        }
        return dir.toString();
    }
}
