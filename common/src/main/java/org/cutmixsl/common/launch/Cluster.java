package org.cutmixsl.common.launch;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * {@code bin/cutmixsl cluster start|status|stop}: a Spark standalone cluster on this machine, from the project's own
 * jars, and what {@code submit} needs to know of it. Logs, pids and the workers' folders live in the state folder.
 * Each daemon runs in a session of its own (a Ctrl-C in the caller's terminal does not reach it), its pid written by
 * the shell that then execs its JVM. A daemon is ours only when its command line carries
 * {@code -Dcutmixsl.cluster=STATE} and its class, so a pid the kernel has since given to another process is never
 * taken for one, and {@code stop} ends exactly the processes {@code start} made.
 */
final class Cluster {

    static final String USAGE = String.join("\n",
            "usage: cutmixsl cluster start [--workers N] [--cores C] [--memory M] [--gpus-per-worker K [--fake-gpus]]",
            "       cutmixsl cluster status",
            "       cutmixsl cluster stop",
            "",
            "A Spark standalone cluster on this machine, from the project's own jars (no Spark distribution): one Master",
            "and N Workers (default 2), each worker with C cores (default 1) and M memory (default 3g: room for one 2 GB",
            "executor; a worker smaller than an executor leaves an application waiting forever). Everything listens on",
            "127.0.0.1 only. The master takes port 7077 when it is free, else the next free port; its web UI 8080 or the",
            "next free one; the workers' web UIs the next free ones from 8081. Logs, pids and the workers' folders",
            "(executor logs) live in the state folder $CUTMIXSL_STATE (default CUTMIXSL_HOME/.cluster). 'stop' ends",
            "exactly the processes 'start' made, by their pids. Starting a running cluster or stopping a stopped one says",
            "so and exits 0; 'status' exits 0 when every process is up, 1 otherwise.",
            "",
            "--gpus-per-worker K: each worker declares K GPUs (spark.worker.resource.gpu.*) found by conf/gpu-discovery.sh,",
            "worker i (from 0) the GPUs i*K .. i*K+K-1 of nvidia-smi's list, and the driver of 'submit' the next one if the",
            "machine has it; applications of 'submit' get K GPUs per executor and one per task. --fake-gpus makes the",
            "script print those addresses without asking nvidia-smi, for trying Spark's GPU scheduling on a machine",
            "without GPUs (compute stays on the CPU: device = cpu).",
            "",
            "Only authenticated applications: 'start' writes a new secret into STATE/spark.conf (readable by its owner",
            "only) and turns on spark.authenticate and RPC encryption for the master and the workers; 'submit' passes that",
            "file to SparkSubmit. An application without the secret is refused.",
            "",
            "Send jobs to it with 'cutmixsl submit'.",
            "",
            "Environment: CUTMIXSL_STATE (state folder), CUTMIXSL_DAEMON_MEMORY (heap of master and workers, default 1g).");

    static final String MASTER = "org.apache.spark.deploy.master.Master";
    static final String WORKER = "org.apache.spark.deploy.worker.Worker";

    /** The cluster's Spark settings in the state folder: the secret, read by the daemons and by submit. */
    static final String SETTINGS = "spark.conf";
    /** The GPU that cluster start set aside for the drivers of submit, as a Spark resources file. */
    static final String DRIVER_RESOURCES = "driver-resources.json";

    /**
     * Starts the master and the workers of an unstarted cluster (the options were checked by {@link LaunchPlan}).
     *
     * @param args {@code start WORKERS CORES MEMORY GPUS_PER_WORKER FAKE_GPUS}
     */
    public static void main(String[] args) {
        Path home = Paths.get(System.getenv().getOrDefault("CUTMIXSL_HOME", "."));
        System.exit(new Cluster(home, System.getenv()).start(Integer.parseInt(args[1]), args[2], args[3],
                Integer.parseInt(args[4]), Boolean.parseBoolean(args[5])));
    }

    private final Path home;
    private final Map<String, String> env;
    private Path state;
    private final Set<Integer> taken = new HashSet<>();

    Cluster(Path home, Map<String, String> env) {
        this.home = home;
        this.env = env;
        this.state = state(home, env);
    }

    /**
     * @param gpusPerWorker GPUs each worker declares (0: none)
     * @param fakeGpus made-up GPU addresses instead of nvidia-smi's
     * @return the exit code: 0 when the cluster runs (started now or already), 1 when it could not start
     */
    int start(int workers, String cores, String memory, int gpusPerWorker, boolean fakeGpus) {
        try {
            Files.createDirectories(state);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        state = state(home, env); // now that it exists: the real path, as status and stop will see it
        Path dir = state;
        int[] members = count();
        if (members[0] > 0 && members[1] == 0) {
            System.err.println("cutmixsl: the cluster is already running at " + read(dir.resolve("master.url"))
                    + " (state " + dir + ")");
            System.out.println(read(dir.resolve("master.url")));
            return 0;
        }
        if (members[0] > 0) {
            System.err.println("cutmixsl: a cluster in " + dir + " is partly running (" + members[0] + " processes up, "
                    + members[1] + " gone): 'cutmixsl cluster stop' first");
            return 1;
        }
        for (String f : List.of("master.url", "master-ui.url", SETTINGS, DRIVER_RESOURCES)) {
            delete(dir.resolve(f));
        }
        for (Path f : files(dir)) {
            if (f.toString().endsWith(".pid") || f.toString().endsWith(".log")) {
                delete(f);
            }
        }
        String driverGpu = gpusPerWorker > 0 ? driverGpu(workers * gpusPerWorker, fakeGpus) : null;
        if (driverGpu != null) {
            write(dir.resolve(DRIVER_RESOURCES), "[{\"id\": {\"componentName\": \"spark.driver\", \"resourceName\":"
                    + " \"gpu\"}, \"addresses\": [\"" + driverGpu + "\"]}]");
        }
        Path settings = dir.resolve(SETTINGS);
        writeSettings(settings, gpusPerWorker, driverGpu != null ? dir.resolve(DRIVER_RESOURCES) : null);
        int port = freePort(7077);
        int ui = freePort(8080);
        // Spark 4's master also opens a REST submission server (port 6066) by default: unused here, so off.
        long master = daemon(dir, "master", Map.of(), "-Dspark.master.rest.enabled=false", MASTER, "--host",
                "127.0.0.1", "--port", Integer.toString(port), "--webui-port", Integer.toString(ui),
                "--properties-file", settings.toString());
        // Spark moves on to the next port by itself when the chosen one was taken meanwhile: read what it bound.
        String line = awaitLog(dir.resolve("master.log"), "Starting Spark master at spark://", master, "master");
        if (line == null || awaitLog(dir.resolve("master.log"), "I have been elected leader", master, "master") == null) {
            stop(true);
            return 1;
        }
        String url = "spark://" + line.substring(line.indexOf("spark://") + "spark://".length()).split("\\s")[0];
        String uiLine = grep(dir.resolve("master.log"), "started at http");
        String uiUrl = uiLine != null ? uiLine.substring(uiLine.indexOf("started at ") + "started at ".length()).trim()
                : "http://127.0.0.1:" + ui;
        write(dir.resolve("master.url"), url);
        write(dir.resolve("master-ui.url"), uiUrl);
        long[] pids = new long[workers + 1];
        for (int i = 1; i <= workers; i++) {
            Path work = dir.resolve("work/worker-" + i);
            try {
                Files.createDirectories(work);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            // Each worker runs conf/gpu-discovery.sh for its own slice of the host's GPUs: a standalone worker takes
            // every address its script prints as its own, and Spark 4.1 does not coordinate the workers of a host, so
            // two workers printing "0" would both give GPU 0 to their executors: two tasks that Spark sees holding
            // one GPU each would share one. Worker i (from 0) gets i*K .. i*K+K-1; the driver, after all of them, W*K.
            Map<String, String> gpus = gpusPerWorker == 0 ? Map.of() : Map.of(
                    "CUTMIXSL_GPU_FIRST", Integer.toString((i - 1) * gpusPerWorker),
                    "CUTMIXSL_GPU_COUNT", Integer.toString(gpusPerWorker),
                    "CUTMIXSL_FAKE_GPUS", fakeGpus ? "1" : "0");
            pids[i] = daemon(dir, "worker-" + i, gpus, WORKER, url, "--host", "127.0.0.1", "--cores", cores,
                    "--memory", memory, "--webui-port", Integer.toString(freePort(8081)), "--work-dir",
                    work.toString(), "--properties-file", settings.toString());
        }
        for (int i = 1; i <= workers; i++) {
            if (awaitLog(dir.resolve("worker-" + i + ".log"), "Successfully registered with master", pids[i],
                    "worker " + i) == null) {
                stop(true);
                return 1;
            }
        }
        System.err.println("cutmixsl: cluster started: master " + url + " (web UI " + uiUrl + "), " + workers
                + " worker(s) of " + cores + " core(s) and " + memory + "; state in " + dir + "; 'cutmixsl cluster stop'"
                + " ends it");
        if (gpusPerWorker > 0) {
            List<String> slices = new ArrayList<>();
            for (int i = 1; i <= workers; i++) {
                slices.add("worker-" + i + " " + (i - 1) * gpusPerWorker + (gpusPerWorker > 1 ? ".." + (i * gpusPerWorker - 1)
                        : ""));
            }
            System.err.println("cutmixsl: " + gpusPerWorker + " GPU(s) per worker" + (fakeGpus ? " (made up: --fake-gpus)"
                    : "") + ": " + String.join(", ", slices) + "; " + (driverGpu != null ? "the driver of 'submit' "
                    + driverGpu : "none left for the driver of 'submit'"));
        }
        System.err.println("cutmixsl: authentication and RPC encryption on; the secret is in " + settings
                + " (owner only), which 'submit' passes to SparkSubmit");
        System.out.println(url);
        return 0;
    }

    /** @return 0 when every daemon runs, 1 otherwise; prints what runs and where its log is */
    int status(PrintStream out) {
        int[] members = count();
        if (members[0] == 0) {
            out.println("cluster: not running (state " + state + ")");
            return 1;
        }
        out.println(members[1] == 0 ? "cluster: running (state " + state + ")" : "cluster: partly running, "
                + members[1] + " of " + (members[0] + members[1]) + " processes gone (state " + state + ")");
        out.println("master URL: " + read(state.resolve("master.url")));
        out.println("master web UI: " + read(state.resolve("master-ui.url")));
        for (String[] m : members()) {
            out.println(m[0] + ": pid " + m[1] + ", " + (isOurs(m[1], m[2], state) ? "running" : "gone") + ", log "
                    + state.resolve(m[0] + ".log"));
        }
        return members[1] == 0 ? 0 : 1;
    }

    /**
     * Ends the daemons by their pids, workers first (SIGTERM, SIGKILL after 20 s), and any executor a worker left
     * behind (its child).
     *
     * @param quiet say nothing (a start that failed cleans up)
     * @return 0
     */
    int stop(boolean quiet) {
        if (count()[0] == 0) {
            if (!quiet) {
                System.err.println("cutmixsl: the cluster is not running (state " + state + ")");
            }
            for (String[] m : members()) {
                delete(state.resolve(m[0] + ".pid"));
            }
            delete(state.resolve("master.url"));
            delete(state.resolve("master-ui.url"));
            delete(state.resolve(SETTINGS));
            delete(state.resolve(DRIVER_RESOURCES));
            return 0;
        }
        List<String> stopped = new ArrayList<>();
        for (String[] m : members()) {
            if (isOurs(m[1], m[2], state)) {
                ProcessHandle daemon = ProcessHandle.of(Long.parseLong(m[1])).orElse(null);
                if (daemon != null) {
                    List<ProcessHandle> children = daemon.children().toList();
                    end(daemon, 20);
                    children.forEach(child -> end(child, 5));
                }
                stopped.add(m[0] + " (pid " + m[1] + ")");
            }
            delete(state.resolve(m[0] + ".pid"));
        }
        delete(state.resolve("master.url"));
        delete(state.resolve("master-ui.url"));
        delete(state.resolve(SETTINGS));
        delete(state.resolve(DRIVER_RESOURCES));
        if (!quiet) {
            System.err.println("cutmixsl: cluster stopped: " + String.join(" ", stopped));
        }
        return 0;
    }

    /**
     * Writes the cluster's Spark settings, readable by the owner only: created with those permissions (no moment
     * when others could read it) and given to every JVM as a file (Spark's {@code --properties-file}), never on a
     * command line, where {@code ps} shows it to every user of the machine.
     * <ul>
     *   <li>{@code spark.authenticate} with a new random {@code spark.authenticate.secret}, and
     *       {@code spark.network.crypto.enabled}: the master, the workers and every application must hold the
     *       secret, and their RPC traffic is encrypted. Standalone mode has no per-application secret (YARN makes
     *       one for each application): all share this one. The workers hand it to their executors in the
     *       environment ({@code _SPARK_AUTH_SECRET}), never on their command lines.</li>
     *   <li>With GPUs: the workers' {@code spark.worker.resource.gpu.*} (each worker's slice comes from its
     *       environment), the applications' K GPUs per executor and one per task, and the driver's GPU set aside
     *       at start.</li>
     * </ul>
     */
    private void writeSettings(Path file, int gpusPerWorker, Path driverResources) {
        byte[] secret = new byte[32];
        new SecureRandom().nextBytes(secret);
        List<String> lines = new ArrayList<>(List.of(
                "# Written by 'cutmixsl cluster start' for this cluster only; deleted by 'cutmixsl cluster stop'.",
                "# The master, the workers and 'cutmixsl submit' read it with --properties-file.",
                "spark.authenticate true",
                "spark.authenticate.secret " + HexFormat.of().formatHex(secret),
                "spark.network.crypto.enabled true"));
        if (gpusPerWorker > 0) {
            lines.addAll(List.of(
                    "spark.worker.resource.gpu.amount " + gpusPerWorker,
                    "spark.worker.resource.gpu.discoveryScript " + home.toAbsolutePath().resolve("conf/gpu-discovery.sh"),
                    "spark.executor.resource.gpu.amount " + gpusPerWorker,
                    "spark.task.resource.gpu.amount 1"));
        }
        if (driverResources != null) {
            lines.addAll(List.of("spark.driver.resource.gpu.amount 1", "spark.driver.resourcesFile " + driverResources));
        }
        try {
            Files.deleteIfExists(file);
            Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            Files.write(file, lines);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * @param index the address after every worker's
     * @return that GPU's address when this machine has it (always with made-up GPUs), else null
     */
    private String driverGpu(int index, boolean fake) {
        List<String> command = List.of("bash", home.resolve("conf/gpu-discovery.sh").toString());
        ProcessBuilder builder = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD);
        builder.environment().putAll(Map.of("CUTMIXSL_GPU_FIRST", Integer.toString(index), "CUTMIXSL_GPU_COUNT", "1",
                "CUTMIXSL_FAKE_GPUS", fake ? "1" : "0"));
        try {
            Process p = builder.start();
            String json = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            Matcher address = Pattern.compile("\"addresses\": \\[\"([^\"]+)\"\\]").matcher(json);
            return p.waitFor() == 0 && address.find() ? address.group(1) : null;
        } catch (IOException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    /**
     * @param master the master an application is submitted to
     * @return the settings file to submit with when that master is this state folder's running cluster
     */
    Optional<Path> settingsFor(String master) {
        Path settings = state.resolve(SETTINGS);
        return master.equals(read(state.resolve("master.url"))) && isOurs(read(state.resolve("master.pid")), MASTER,
                state) && Files.isReadable(settings) ? Optional.of(settings) : Optional.empty();
    }

    /** SIGTERM, up to {@code seconds} to exit, then SIGKILL. */
    private static void end(ProcessHandle process, int seconds) {
        if (!process.isAlive()) {
            return;
        }
        process.destroy();
        try {
            process.onExit().get(seconds, TimeUnit.SECONDS);
        } catch (TimeoutException e) {
            System.err.println("cutmixsl: pid " + process.pid() + " did not stop within " + seconds + " s: SIGKILL");
            process.destroyForcibly();
            process.onExit().completeOnTimeout(process, 5, TimeUnit.SECONDS).join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException e) {
            // gone
        }
    }

    /** @return name, pid and class of every pid file of the state folder, workers first (the order stop uses) */
    private List<String[]> members() {
        List<String[]> members = new ArrayList<>();
        for (Path f : files(state)) {
            String name = f.getFileName().toString();
            if (name.matches("worker-.*\\.pid")) {
                members.add(new String[] {name.substring(0, name.length() - 4), read(f), WORKER});
            }
        }
        if (Files.exists(state.resolve("master.pid"))) {
            members.add(new String[] {"master", read(state.resolve("master.pid")), MASTER});
        }
        return members;
    }

    /** @return how many daemons this state folder recorded are gone */
    int gone() {
        return count()[1];
    }

    /** @return {running, gone} among the state folder's daemons */
    private int[] count() {
        int[] counts = new int[2];
        for (String[] m : members()) {
            counts[isOurs(m[1], m[2], state) ? 0 : 1]++;
        }
        return counts;
    }

    /** Starts one daemon JVM in a session of its own, with {@code extraEnv} added; returns its pid. */
    private long daemon(Path dir, String name, Map<String, String> extraEnv, String... args) {
        Path pidFile = dir.resolve(name + ".pid");
        String cache = env.getOrDefault("CUTMIXSL_CACHE", env.getOrDefault("HOME", "") + "/.cache/cutmixsl");
        List<String> command = new ArrayList<>(List.of("setsid", "bash", "-c", "echo $$ > \"$0\"; exec \"$@\"",
                pidFile.toString(), env.getOrDefault("JAVA", "java")));
        command.addAll(new LaunchPlan(home, env, System.out).jvmOptions());
        command.addAll(List.of("-Xmx" + env.getOrDefault("CUTMIXSL_DAEMON_MEMORY", "1g"), "-Djava.awt.headless=true",
                "-Dlog4j2.configurationFile=" + home.resolve("conf/log4j2-cluster.properties"),
                "-Dcutmixsl.cluster=" + dir, "-cp", sparkHome(home).resolve("jars") + "/*"));
        command.addAll(List.of(args));
        try {
            ProcessBuilder builder = new ProcessBuilder(command);
            builder.environment().putAll(extraEnv);
            builder.redirectErrorStream(true)
                    .redirectOutput(dir.resolve(name + ".log").toFile())
                    .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null"))).start();
            for (int i = 0; i < 50; i++) {
                String pid = read(pidFile);
                if (!pid.isEmpty()) {
                    return Long.parseLong(pid);
                }
                Thread.sleep(100);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        throw new IllegalStateException("could not start " + name + " (see " + dir.resolve(name + ".log") + ")");
    }

    /** Waits until the log holds a line containing {@code text}, or the daemon dies; returns the line or null. */
    private static String awaitLog(Path log, String text, long pid, String what) {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
        while (System.nanoTime() < end) {
            String line = grep(log, text);
            if (line != null) {
                return line;
            }
            if (!Files.exists(Paths.get("/proc", Long.toString(pid)))) {
                System.err.println("cutmixsl: the " + what + " exited while starting; the end of " + log + ":");
                System.err.println(tail(log));
                return null;
            }
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return null;
            }
        }
        System.err.println("cutmixsl: the " + what + " did not come up within 90 s; the end of " + log + ":");
        System.err.println(tail(log));
        return null;
    }

    /** @return the first port from {@code from} up that nothing on 127.0.0.1 listens on and this start has not used */
    private int freePort(int from) {
        for (int port = from; port < 65535; port++) {
            if (taken.contains(port)) {
                continue;
            }
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress("127.0.0.1", port), 200);
            } catch (IOException free) {
                taken.add(port);
                return port;
            }
        }
        throw new IllegalStateException("no free port found from " + from + " up");
    }

    private static String grep(Path log, String text) {
        try {
            for (String line : Files.readAllLines(log)) {
                if (line.contains(text)) {
                    return line;
                }
            }
        } catch (IOException | UncheckedIOException e) {
            // not written yet
        }
        return null;
    }

    private static String tail(Path log) {
        try {
            List<String> lines = Files.readAllLines(log);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 20), lines.size()));
        } catch (IOException e) {
            return "";
        }
    }

    private static List<Path> files(Path dir) {
        try (Stream<Path> files = Files.isDirectory(dir) ? Files.list(dir) : Stream.empty()) {
            return files.sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void write(Path file, String text) {
        try {
            Files.writeString(file, text + "\n");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void delete(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** @return the state folder ($CUTMIXSL_STATE, default HOME/.cluster), absolute as the daemons were given it */
    static Path state(Path home, Map<String, String> env) {
        Path state = Paths.get(env.getOrDefault("CUTMIXSL_STATE", home.resolve(".cluster").toString()));
        try {
            return Files.isDirectory(state) ? state.toRealPath() : state.toAbsolutePath().normalize();
        } catch (IOException e) {
            return state.toAbsolutePath().normalize();
        }
    }

    /** @return Spark's runtime classpath that the spark-home module lays out: no Spark distribution needed */
    static Path sparkHome(Path home) {
        return home.resolve("spark-home/target/spark-home");
    }

    /** @return the environment of every cluster JVM: Spark's home, its Scala version, loopback only */
    static Map<String, String> environment(Path home) {
        Map<String, String> vars = new LinkedHashMap<>();
        vars.put("SPARK_HOME", sparkHome(home).toString());
        vars.put("SPARK_SCALA_VERSION", "2.13");
        vars.put("SPARK_LOCAL_IP", "127.0.0.1");
        return vars;
    }

    /**
     * @return the running master's URL
     * @throws IllegalArgumentException when no master of this state folder runs
     */
    String runningMaster() {
        String url = read(state.resolve("master.url"));
        if (!isOurs(read(state.resolve("master.pid")), MASTER, state) || url.isEmpty()) {
            throw new IllegalArgumentException("no cluster is running (state " + state + "): start one with"
                    + " 'cutmixsl cluster start', or pass --master URL");
        }
        return url;
    }

    private static boolean isOurs(String pid, String daemonClass, Path state) {
        if (!pid.matches("[0-9]+")) {
            return false;
        }
        try {
            List<String> command = Arrays.asList(new String(Files.readAllBytes(Paths.get("/proc", pid, "cmdline")),
                    StandardCharsets.UTF_8).split("\0"));
            return command.contains("-Dcutmixsl.cluster=" + state) && command.contains(daemonClass);
        } catch (IOException e) {
            return false;
        }
    }

    private static String read(Path file) {
        try {
            return Files.readString(file).trim();
        } catch (IOException e) {
            return "";
        }
    }
}
