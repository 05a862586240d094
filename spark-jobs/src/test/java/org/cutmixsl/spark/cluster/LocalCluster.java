package org.cutmixsl.spark.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.jar.Attributes;
import java.util.jar.JarFile;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.hdfs.MiniDFSCluster;
import org.cutmixsl.common.io.FileTrees;
import org.cutmixsl.common.io.Location;
import org.cutmixsl.spark.round.RoundMetrics;
import org.cutmixsl.spark.run.RunDirectory;

/**
 * The project's standalone cluster as a user runs it: {@code bin/cutmixsl cluster start} with a state
 * folder of the tests' own (so a cluster a person runs is left alone), jobs through {@code bin/cutmixsl
 * submit} and {@code bin/cutmixsl train}, each a separate process whose output goes to a log file, and
 * {@code bin/cutmixsl cluster stop} at the end.
 */
final class LocalCluster implements AutoCloseable {

    static final Path HOME = Paths.get(System.getProperty("cutmixsl.home", "..")).toAbsolutePath().normalize();
    private static final Pattern EXECUTOR_PID = Pattern.compile("Started daemon with process name: (\\d+)@");

    private final Path work;
    private final Path state;
    private final String masterUrl;
    private final List<Job> jobs = new ArrayList<>();
    private final Thread stopOnExit;
    private boolean closed;

    private LocalCluster(Path work, Path state, String masterUrl) {
        this.work = work;
        this.state = state;
        this.masterUrl = masterUrl;
        // A test JVM ended from outside (Ctrl-C on Maven) still stops the cluster and the jobs it started.
        this.stopOnExit = new Thread(this::stopEverything, "cluster-tests-stop");
        Runtime.getRuntime().addShutdownHook(stopOnExit);
    }

    /**
     * Starts two workers of one core each (the launcher's default) with their state under {@code work}.
     *
     * @param options more options of {@code cluster start}
     */
    static LocalCluster start(Path work, String... options) {
        requireBuilt();
        Path state = work.resolve("state");
        List<String> command = new ArrayList<>(List.of(launcher(), "cluster", "start"));
        command.addAll(Arrays.asList(options));
        Job start = new Job(work, "cluster-start", command, state);
        int code = start.await(Duration.ofMinutes(3));
        assertEquals(0, code, () -> "cluster start failed:\n" + start.output());
        String url = start.stdoutLastLine();
        assertTrue(url.startsWith("spark://127.0.0.1:"), () -> "cluster start printed " + url);
        return new LocalCluster(work, state, url);
    }

    /** @return the commit the application jar's manifest names, "-dirty" added as {@code CodeVersion} writes it */
    static String appJarCommit() {
        try (Stream<Path> jars = Files.list(HOME.resolve("spark-jobs/target"))) {
            Path app = jars.filter(p -> p.getFileName().toString().endsWith("-app.jar")).findFirst().orElseThrow();
            try (JarFile jar = new JarFile(app.toFile())) {
                Attributes main = jar.getManifest().getMainAttributes();
                return main.getValue("Git-Commit") + ("true".equals(main.getValue("Git-Dirty")) ? "-dirty" : "");
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Writes a job configuration on the cluster tests' dataset: CutMixSL, 20 clients of Fashion-MNIST (IID, prepared
     * once, by whichever test comes first), batch 32, 2 shard partitions, then {@code more} lines.
     *
     * @return the file
     */
    static Path config(Path file, String... more) {
        List<String> lines = new ArrayList<>(List.of(
                "method = cutmixsl",
                "data.dir = \"" + HOME.resolve("spark-jobs/target/test-data/cluster-fmnist-iid-c20") + "\"",
                "data.dataset = fashion-mnist",
                "data.shares = iid",
                "clients.count = 20",
                "clients.batchSize = 32",
                "spark.partitions = 2"));
        lines.addAll(Arrays.asList(more));
        try {
            Files.createDirectories(file.getParent());
            Files.writeString(file, String.join("\n", lines) + "\n");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return file;
    }

    /**
     * An in-process HDFS of one DataNode, its files in {@code work/dfs} (a fresh {@code work} folder: earlier runs'
     * files are deleted).
     *
     * @param work the test's folder
     * @return the running HDFS, to be shut down by the caller
     */
    static MiniDFSCluster startHdfs(Path work) throws IOException {
        FileTrees.deleteRecursively(work);
        Files.createDirectories(work);
        Configuration conf = new Configuration();
        conf.set(MiniDFSCluster.HDFS_MINIDFS_BASEDIR, work.resolve("dfs").toString());
        MiniDFSCluster dfs = new MiniDFSCluster.Builder(conf).numDataNodes(1).build();
        dfs.waitActive();
        return dfs;
    }

    /**
     * The smallest run the HDFS and YARN tests train: Fashion-MNIST in 4 IID shares of at least 64 images, batch 32,
     * 2 rounds, one evaluation on 500 test images.
     *
     * @param dataDir where the dataset is (prepared there when missing)
     * @return configuration lines
     */
    static List<String> fourClientsTwoRounds(String dataDir) {
        return List.of(
                "data.dir = \"" + dataDir + "\"",
                "data.dataset = fashion-mnist",
                "data.shares = iid",
                "data.minSamples = 64",
                "clients.count = 4",
                "clients.batchSize = 32",
                "train.rounds = 2",
                "eval.every = 2",
                "eval.batchSize = 250",
                "eval.testImages = 500");
    }

    /**
     * @param name the folder's name under spark-jobs/target
     * @return a test class's work folder, without the runs and markers of an earlier build
     */
    static Path workFolder(String name) {
        requireBuilt();
        Path work = HOME.resolve("spark-jobs/target").resolve(name);
        try {
            FileTrees.deleteRecursively(work.resolve("runs"));
            FileTrees.deleteRecursively(work.resolve("markers"));
            return Files.createDirectories(work);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Prints a step's wall time, which the README quotes ({@code cluster test timing: ...}). */
    static void report(String what, long start) {
        System.out.printf(java.util.Locale.ROOT, "cluster test timing: %s took %.1f s%n", what,
                (System.nanoTime() - start) / 1e9);
    }

    /** @return the one name of a list, failing when there are others or none */
    static String onlyOne(List<String> names) {
        assertEquals(1, names.size(), names.toString());
        return names.get(0);
    }

    /** Fails with a clear message when the jars the cluster runs are missing (they come from `mvn package`). */
    static void requireBuilt() {
        Path sparkHome = HOME.resolve("spark-home/target/spark-home/jars");
        assertTrue(Files.isDirectory(sparkHome), "missing " + sparkHome + ": the cluster tests run after the package"
                + " phase of the whole reactor (mvn verify from the project root)");
        try (Stream<Path> jars = Files.list(HOME.resolve("spark-jobs/target"))) {
            assertTrue(jars.anyMatch(p -> p.getFileName().toString().endsWith("-app.jar")),
                    "missing the shaded application jar in spark-jobs/target (mvn verify from the project root)");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    String masterUrl() {
        return masterUrl;
    }

    Path state() {
        return state;
    }

    /** {@code bin/cutmixsl submit --config CONFIG --out RUN ARGS...}, started. */
    synchronized Job submit(String name, Path config, Path run, String... args) {
        List<String> command = new ArrayList<>(List.of(launcher(), "submit", "--config", config.toString(),
                "--out", run.toString()));
        command.addAll(Arrays.asList(args));
        Job job = new Job(work, name, command, state);
        jobs.add(job);
        return job;
    }

    /** {@code bin/cutmixsl train --config CONFIG --out RUN ARGS...} in local mode on 2 cores, started. */
    synchronized Job train(String name, Path config, Path run, String... args) {
        List<String> command = new ArrayList<>(List.of(launcher(), "train", "--config", config.toString(),
                "--out", run.toString()));
        command.addAll(Arrays.asList(args));
        Job job = new Job(work, name, command, state);
        jobs.add(job);
        return job;
    }

    /** @return the pids that the executors of an application logged (Spark's "Started daemon" line) */
    Set<Long> executorPidsOf(String applicationId) {
        Set<Long> pids = new TreeSet<>();
        for (Path dir : executorDirsOf(applicationId)) {
            Matcher m = EXECUTOR_PID.matcher(read(dir.resolve("stderr")));
            if (m.find()) {
                pids.add(Long.parseLong(m.group(1)));
            }
        }
        return pids;
    }

    /** @return every executor folder the workers made for an application ({@code work/worker-N/APP/EXEC}) */
    List<Path> executorDirsOf(String applicationId) {
        List<Path> dirs = new ArrayList<>();
        try (Stream<Path> workers = Files.list(state.resolve("work"))) {
            for (Path worker : workers.sorted().collect(Collectors.toList())) {
                Path app = worker.resolve(applicationId);
                if (Files.isDirectory(app)) {
                    try (Stream<Path> executors = Files.list(app)) {
                        executors.filter(Files::isDirectory).sorted().forEach(dirs::add);
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return dirs;
    }

    /** Deletes the copies of the application jar the executors fetched (about 240 MB per executor). */
    void dropFetchedJars() {
        try (Stream<Path> files = Files.walk(state.resolve("work"))) {
            for (Path p : files.filter(p -> p.toString().endsWith(".jar")).collect(Collectors.toList())) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        int code = stopEverything();
        try {
            Runtime.getRuntime().removeShutdownHook(stopOnExit);
        } catch (IllegalStateException shuttingDown) {
            // the hook runs anyway
        }
        assertEquals(0, code, "cluster stop failed: see " + work.resolve("logs/cluster-stop.log"));
        dropFetchedJars();
    }

    /**
     * Ends every job still running: a failed test may leave a driver held at a marker, holding the cluster's
     * executors, so that the next test's application would wait for executors until its timeout.
     */
    synchronized void endLeftoverJobs() {
        for (Job job : jobs) {
            if (job.process.isAlive()) {
                job.process.descendants().forEach(ProcessHandle::destroyForcibly);
                job.process.destroyForcibly();
                try {
                    job.process.waitFor(30, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        }
    }

    /**
     * Ends every job left running, then stops the cluster.
     *
     * @return the exit code of cluster stop
     */
    private synchronized int stopEverything() {
        if (closed) {
            return 0;
        }
        closed = true;
        endLeftoverJobs();
        Job stop = new Job(work, "cluster-stop", List.of(launcher(), "cluster", "stop"), state);
        return stop.await(Duration.ofMinutes(2));
    }

    // --- runs -----------------------------------------------------------------------------------------------

    /** @return the application ids that wrote event logs into a run's events folder */
    static List<String> applicationsOf(Path run) {
        try (Stream<Path> logs = Files.list(run.resolve(RunDirectory.EVENTS))) {
            return logs.map(p -> p.getFileName().toString())
                    .map(n -> n.replaceFirst("^eventlog_v2_", "").replaceFirst("\\.inprogress$", ""))
                    .sorted().collect(Collectors.toList());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * @return each row of a run's metrics.csv without the wall-time columns, the distance correlation to 12
     *     significant digits: it is computed with ND4J's native code (libnd4j and OpenBLAS), and in an executor
     *     JVM it came out differing from the local-mode JVM's in the 16th digit for the same inputs (which kernel,
     *     not yet pinned down; summing in Java in index order did not change it); training's own numbers (loss,
     *     accuracy, bytes) are compared bit for bit
     */
    static List<String> deterministicMetrics(Path run) {
        return deterministicMetrics(Location.of(run.toString()));
    }

    /** As {@link #deterministicMetrics(Path)}, for a run on any Hadoop file system. */
    static List<String> deterministicMetrics(Location run) {
        List<String> rows = new ArrayList<>();
        List<String> lines = Arrays.asList(run.resolve("metrics.csv").readText().split("\n"));
        assertEquals(RoundMetrics.HEADER, lines.get(0));
        for (String line : lines.subList(1, lines.size())) {
            if (!line.isBlank()) {
                String[] columns = line.split(",", -1);
                int dcor = Arrays.asList(RoundMetrics.HEADER.split(",")).indexOf("distance_correlation");
                if (!columns[dcor].isEmpty()) {
                    columns[dcor] = String.format(java.util.Locale.ROOT, "%.12g", Double.parseDouble(columns[dcor]));
                }
                rows.add(String.join(",", Arrays.asList(columns).subList(0, RoundMetrics.DETERMINISTIC_COLUMNS)));
            }
        }
        return rows;
    }

    static String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String launcher() {
        return HOME.resolve("bin/cutmixsl").toString();
    }

    // --- markers (testing.markerDir) --------------------------------------------------------------------------

    /**
     * Waits until {@code dir} holds at least {@code count} markers whose names match, failing early when the
     * job ends first.
     *
     * @return the matching names, sorted
     */
    static List<String> awaitMarkers(Path dir, Predicate<String> names, int count, Job job, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            List<String> found = markers(dir, names);
            if (found.size() >= count) {
                return found;
            }
            if (!job.process.isAlive()) {
                fail("the job ended (exit " + job.process.exitValue() + ") before " + count + " markers appeared in " + dir
                        + " (found " + found + "):\n" + job.output());
            }
            if (System.nanoTime() > deadline) {
                fail("no " + count + " markers in " + dir + " within " + timeout + " (found " + found + "):\n"
                        + job.output());
            }
            sleep(200);
        }
    }

    static List<String> markers(Path dir, Predicate<String> names) {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(p -> p.getFileName().toString()).filter(n -> !n.startsWith(".")).filter(names)
                    .sorted().collect(Collectors.toList());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** @return the GPU addresses a marker lists (its {@code gpu=} line), in order */
    static List<String> gpusOf(Path dir, String marker) {
        for (String line : read(dir.resolve(marker)).split("\n")) {
            if (line.startsWith("gpu=")) {
                String list = line.substring("gpu=".length()).strip();
                return list.isEmpty() ? List.of() : Arrays.asList(list.split(","));
            }
        }
        throw new AssertionError("marker " + marker + " has no gpu= line");
    }

    /** @return the pid at the end of a marker's name ({@code ...-<pid>}) */
    static long pidOf(String marker) {
        return Long.parseLong(marker.substring(marker.lastIndexOf('-') + 1));
    }

    /** Lets every hold of a marker folder go on. */
    static void release(Path dir) {
        try {
            Files.createDirectories(dir);
            Files.writeString(dir.resolve("release"), "");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** @return the process's command line, or "" when it is gone */
    static String commandLine(long pid) {
        return ProcessHandle.of(pid).flatMap(h -> h.info().commandLine()).orElse("");
    }

    /** SIGKILL to a process (ProcessHandle.destroyForcibly is SIGKILL on Unix), then waits for it to go. */
    static void kill(long pid) {
        ProcessHandle handle = ProcessHandle.of(pid).orElseThrow(() -> new AssertionError("pid " + pid + " is gone"));
        assertTrue(handle.destroyForcibly(), "could not send SIGKILL to " + pid);
        try {
            handle.onExit().get(60, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new AssertionError("pid " + pid + " still alive 60 s after SIGKILL", e);
        }
    }

    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /** One launcher process, its standard output and error in one log file. */
    static final class Job {
        final Process process;
        final Path log;
        private final long started = System.nanoTime();

        Job(Path work, String name, List<String> command, Path state) {
            this(work, name, command, state, Map.of());
        }

        /** @param more environment variables of the process, beyond the state folder and the cores */
        Job(Path work, String name, List<String> command, Path state, Map<String, String> more) {
            try {
                Path logs = Files.createDirectories(work.resolve("logs"));
                this.log = logs.resolve(name + ".log");
                ProcessBuilder builder = new ProcessBuilder(command).directory(HOME.toFile())
                        .redirectErrorStream(true).redirectOutput(log.toFile());
                Map<String, String> env = builder.environment();
                env.put("CUTMIXSL_STATE", state.toString());
                env.put("CUTMIXSL_CORES", "2");
                env.putAll(more);
                this.process = builder.start();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        /** @return the exit code; fails (killing the process) past the timeout */
        int await(Duration timeout) {
            try {
                if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                    process.descendants().forEach(ProcessHandle::destroyForcibly);
                    process.destroyForcibly();
                    fail("still running after " + timeout + ":\n" + output());
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
            return process.exitValue();
        }

        double seconds() {
            return (System.nanoTime() - started) / 1e9;
        }

        String output() {
            return Files.exists(log) ? read(log) : "";
        }

        /** The last line the job printed: for train and submit, the run directory. */
        String stdoutLastLine() {
            String[] lines = output().strip().split("\n");
            return lines[lines.length - 1].strip();
        }
    }
}
