package org.cutmixsl.spark.cluster;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.apache.hadoop.hdfs.MiniDFSCluster;
import org.cutmixsl.common.io.Location;
import org.cutmixsl.data.dataset.PreparedDataset;
import org.cutmixsl.spark.TestSpark;
import org.cutmixsl.spark.round.MetricsCodec;
import org.cutmixsl.spark.round.RoundMetrics;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Every command on {@code hdfs://} paths, as a user runs them ({@code bin/cutmixsl}, one process each), against an
 * in-process HDFS (Hadoop's MiniDFSCluster, one DataNode): prepare writes Fashion-MNIST onto HDFS; train reads it
 * and its configuration from there and writes its run there; compare runs two methods; a two-run study, whose file
 * on HDFS includes the run configuration beside it, runs and gets its report (HTML and PNGs); the pipeline finds
 * the dataset prepared, trains, skips the attack (no server holdout) and writes its report; the trained run is
 * exported onto HDFS, and predict reads that model and the test images from there. The results are then
 * read back from HDFS. Nothing may land on the local disk under a folder named after the URI.
 *
 * <p>In the integration phase with the cluster tests: it runs the launcher, which needs the packaged jars.
 */
@Tag("cluster")
class EveryCommandRunsOnHdfs {

    private static final String DATA = "fashion-mnist-n4-iid-h0-d7";
    private static final Pattern IMAGE = Pattern.compile("<img src=\"([^\"]+)\"");
    private static final byte[] PNG_MAGIC = {(byte) 0x89, 'P', 'N', 'G'};

    @Test
    void prepareTrainCompareStudyReportAndPipelineReadAndWriteHdfs() throws IOException {
        long start = System.nanoTime();
        LocalCluster.requireBuilt();
        Path fashionMnist = TestSpark.requireFashionMnist();
        Path work = LocalCluster.HOME.resolve("spark-jobs/target/cluster-tests/hdfs");
        MiniDFSCluster dfs = LocalCluster.startHdfs(work);
        try {
            String hdfs = "hdfs://127.0.0.1:" + dfs.getNameNodePort();
            everyCommand(work, hdfs, fashionMnist);
        } finally {
            dfs.shutdown(true);
        }
        assertNoLocalUriFolders();
        System.out.printf(Locale.ROOT, "cluster test timing: every command on HDFS took %.1f s%n",
                (System.nanoTime() - start) / 1e9);
    }

    private static void everyCommand(Path work, String hdfs, Path fashionMnist) throws IOException {
        String data = hdfs + "/data/" + DATA;
        Location confDir = Location.of(hdfs + "/conf");
        List<String> tiny = new ArrayList<>(LocalCluster.fourClientsTwoRounds(data));
        tiny.addAll(List.of("checkpoint.every = 1", "spark.partitions = 2", ""));
        confDir.resolve("tiny.conf").writeText(String.join("\n", tiny));
        confDir.resolve("study.conf").writeText(String.join("\n",
                "include \"tiny.conf\"",
                "study {",
                "  name = \"hdfs study\"",
                "  variants = [ { name = psl, method = psl }, { name = cutmixsl, method = cutmixsl } ]",
                "  clients = [4]",
                "  shares = [iid]",
                "  seeds = [1]",
                "  dataSeed = 7",
                "  dataDir = \"" + hdfs + "/data\"",
                "  attack = false",
                "}",
                ""));

        run(work, "prepare", Duration.ofMinutes(4), "prepare", "--dataset", "fashion-mnist", "--clients", "4",
                "--shares", "iid", "--min-samples", "64", "--seed", "7", "--out", data);
        PreparedDataset dataset = PreparedDataset.open(data);
        assertEquals(60000, dataset.trainRows());
        assertEquals(4, dataset.clients());
        assertTrue(dataset.trainPath().startsWith(hdfs + "/data/"), dataset.trainPath());
        assertTrue(Location.of(data).resolve(PreparedDataset.HEATMAP_PNG).isFile());

        String train = hdfs + "/runs/train";
        LocalCluster.Job trained = run(work, "train", Duration.ofMinutes(4), "train", "--config",
                confDir.resolve("tiny.conf").toString(), "--out", train);
        assertEquals(train, trained.stdoutLastLine());
        Location run = Location.of(train);
        assertTrue(run.resolve("_SUCCESS").isFile());
        List<RoundMetrics> metrics = MetricsCodec.read(run);
        assertEquals(2, metrics.size());
        JsonNode summary = json(run.resolve("summary.json"));
        assertEquals(data, summary.path("dataset").asText());
        assertTrue(summary.path("test_accuracy").asDouble() > 0.1, summary.toString());

        String model = hdfs + "/models/train";
        LocalCluster.Job exported = run(work, "export", Duration.ofMinutes(2), "export", "--run", train, "--out", model);
        assertEquals(model, exported.stdoutLastLine());
        assertTrue(Location.of(model).resolve("vit.properties").readText().contains("run.source = " + train),
                "the model records its run");
        Location t10k = Location.of(hdfs + "/fashion-mnist");
        for (String file : List.of("t10k-images-idx3-ubyte.gz", "t10k-labels-idx1-ubyte.gz")) {
            t10k.resolve(file).copyFromLocal(fashionMnist.resolve(file));
        }
        LocalCluster.Job predicted = run(work, "predict", Duration.ofMinutes(3), "predict", "--model", model,
                "--images", t10k.resolve("t10k-images-idx3-ubyte.gz").toString(),
                "--labels", t10k.resolve("t10k-labels-idx1-ubyte.gz").toString());
        assertEquals(10000, predicted.output().lines().filter(l -> l.matches("\\d")).count());
        Matcher accuracy = Pattern.compile("accuracy=(\\S+) \\((\\d+)/10000\\)").matcher(predicted.output());
        assertTrue(accuracy.find() && Double.parseDouble(accuracy.group(1)) > 0.1, predicted.output());

        String compare = hdfs + "/compare";
        run(work, "compare", Duration.ofMinutes(5), "compare", "--config", confDir.resolve("tiny.conf").toString(),
                "--out", compare, "--methods", "psl,cutmixsl", "--seeds", "1");
        List<String> comparison = lines(Location.of(compare).resolve("comparison.csv"));
        assertEquals(3, comparison.size(), comparison.toString());
        assertTrue(comparison.stream().anyMatch(l -> l.startsWith("psl,1,"))
                && comparison.stream().anyMatch(l -> l.startsWith("cutmixsl,1,")), comparison.toString());
        assertTrue(Location.of(compare).resolve("runs/psl-n4-iid-s1/_SUCCESS").isFile());

        String study = hdfs + "/study";
        LocalCluster.Job studied = run(work, "study", Duration.ofMinutes(5), "study", "--config",
                confDir.resolve("study.conf").toString(), "--out", study);
        assertTrue(studied.output().contains("dataset " + data + ": found"), studied.output());
        Location studyDir = Location.of(study);
        assertEquals(3, lines(studyDir.resolve("results.csv")).size());
        assertTrue(studyDir.resolve("results.parquet/_SUCCESS").isFile());
        assertTrue(studyDir.resolve("study.conf").readText().startsWith("include \"tiny.conf\""));
        assertTrue(studyDir.resolve("logs/cutmixsl-n4-iid-s1.log").isFile());
        LocalCluster.Job reported = run(work, "report", Duration.ofMinutes(2), "report", "--study", study);
        assertEquals(study + "/report.html", reported.stdoutLastLine());
        assertEveryImageIsAPng(studyDir);

        String pipeline = hdfs + "/pipeline";
        LocalCluster.Job piped = run(work, "pipeline", Duration.ofMinutes(6), "pipeline", "--config",
                confDir.resolve("tiny.conf").toString(), "--out", pipeline);
        String log = piped.output();
        assertTrue(log.contains("prepare: skipped: " + data + " matches its manifest"), log);
        assertTrue(log.contains("train: finished " + pipeline + "/run"), log);
        assertTrue(log.contains("attack: skipped: the dataset " + data + " has no server holdout"), log);
        assertTrue(log.contains("report: wrote " + pipeline + "/run/report.html"), log);
        Location pipelineRun = Location.of(pipeline + "/run");
        assertTrue(pipelineRun.resolve("_SUCCESS").isFile());
        assertEveryImageIsAPng(pipelineRun);
        assertFalse(Location.of(pipeline).resolve("_LOCK").exists(), "the lock is released at the end");
        // The same configuration and seed: the pipeline's run computes what train computed.
        assertEquals(LocalCluster.deterministicMetrics(run), LocalCluster.deterministicMetrics(pipelineRun));
    }

    /** {@code bin/cutmixsl ARGS...}, which must exit 0. */
    private static LocalCluster.Job run(Path work, String name, Duration timeout, String... args) {
        List<String> command = new ArrayList<>(List.of(LocalCluster.HOME.resolve("bin/cutmixsl").toString()));
        command.addAll(Arrays.asList(args));
        LocalCluster.Job job = new LocalCluster.Job(work, "hdfs-" + name, command, work.resolve("state-unused"));
        assertEquals(0, job.await(timeout), () -> name + " failed:\n" + job.output());
        System.out.printf(Locale.ROOT, "cluster test timing: %s on HDFS took %.1f s%n", name, job.seconds());
        return job;
    }

    /** The report's HTML names its images relatively; each is a PNG beside it on HDFS. */
    private static void assertEveryImageIsAPng(Location folder) {
        String html = folder.resolve("report.html").readText();
        Matcher m = IMAGE.matcher(html);
        int images = 0;
        while (m.find()) {
            byte[] png = folder.resolve(m.group(1)).readBytes();
            assertArrayEquals(PNG_MAGIC, Arrays.copyOf(png, 4), m.group(1));
            images++;
        }
        assertTrue(images >= 3, "images in " + folder + "/report.html: " + images);
    }

    /** A path handled as a local one would leave a folder named {@code hdfs:} in the working directory. */
    private static void assertNoLocalUriFolders() throws IOException {
        for (Path dir : List.of(LocalCluster.HOME, LocalCluster.HOME.resolve("spark-jobs"))) {
            try (Stream<Path> entries = Files.list(dir)) {
                assertEquals(List.of(), entries.map(p -> p.getFileName().toString()).filter(n -> n.startsWith("hdfs"))
                        .toList(), "local folders named after an hdfs URI in " + dir);
            }
        }
    }

    private static JsonNode json(Location file) throws IOException {
        return new ObjectMapper().readTree(file.readBytes());
    }

    private static List<String> lines(Location file) {
        return file.readText().lines().filter(l -> !l.isBlank()).toList();
    }
}
