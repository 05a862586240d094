package org.cutmixsl.common.launch;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;

/**
 * What {@code bin/cutmixsl COMMAND ...} runs, worked out in Java so that the script only finds Java, builds, and
 * execs: the command's main class, the JVM flags of conf/jvm-options, Spark settings (the launcher's master, then
 * conf/spark-defaults.conf, then {@code --conf spark.key=value}, later ones winning) as {@code -D} properties, the
 * native environment of conf/native-env, and the classpath; for {@code submit}, Spark's own SparkSubmit against a
 * cluster. The launcher's options ({@code --conf}, {@code submit --master}, {@code demo --out}) are read here, once;
 * every other argument goes to the command unchanged, which reads its own.
 *
 * <p>The plan is written to a file as NUL-terminated records, in order: {@code need=fashion-mnist} (the launcher
 * installs the Debian package when missing), {@code need=cluster-build} (the Spark home and the application jar),
 * {@code env=KEY=VALUE} and {@code unset=KEY} (the environment to exec with), then {@code exec} followed by the
 * command line. A plan without {@code exec} means the command was answered here (help, or an error on stderr, with
 * the exit code of this JVM).
 */
public final class LaunchPlan {

    /** Where the Debian package dataset-fashion-mnist puts its files. */
    static final String FASHION_MNIST = "/usr/share/datasets/fashion-mnist";
    static final String TRAIN_JOB = "org.cutmixsl.spark.cli.TrainJob";

    /** name, main class (null: written in bash or handled here), one-line summary. */
    static final String[][] COMMANDS = {
        {"prepare", "org.cutmixsl.data.prepare.PrepareCommand", "read a dataset, split it among clients, write Parquet + stats"},
        {"train", TRAIN_JOB, "train a split method: --config FILE --out RUN_DIR [--set k=v] [--resume]"},
        {"compare", "org.cutmixsl.spark.cli.CompareCommand",
            "run split methods over seeds on one configuration: comparison.csv with 95% CIs [--seeds S] [--tune]"},
        {"export", "org.cutmixsl.spark.cli.ExportCommand",
            "write a run's ViT as a DJL model: --run RUN_DIR --out MODEL_DIR [--client K]"},
        {"predict", "org.cutmixsl.spark.cli.PredictCommand",
            "label the images of an IDX file: --model MODEL_DIR --images FILE [--labels FILE]"},
        {"pipeline", "org.cutmixsl.spark.pipeline.PipelineCommand",
            "prepare, train, attack, report under a lock: --config FILE --out DIR"},
        {"attack", "org.cutmixsl.spark.cli.AttackCommand", "reconstruction attack on a finished run: --run RUN_DIR [--steps N]"},
        {"study", "org.cutmixsl.spark.cli.StudyCommand",
            "sweep methods x regimes x clients x shares x seeds: --config FILE --out DIR [--seeds S] [--tune]"},
        {"report", "org.cutmixsl.spark.cli.ReportCommand", "report.html with plots: --study DIR or --run RUN_DIR"},
        {"demo", TRAIN_JOB, "train CutMixSL on Fashion-MNIST with conf/demo.conf (the README's main command)"},
        {"test", null, "run the whole test suite (mvn -B verify), installing Fashion-MNIST first if missing"},
        {"bare-train", "org.cutmixsl.spark.cli.BareTrain",
            "train the single-JVM bare loop on Fashion-MNIST (no Spark in training); last line test_accuracy=..."},
        {"bench", "org.cutmixsl.spark.cli.BenchCommand",
            "benchmarks: 'bench model' (codec, mixer, bare loop, centralized), 'bench profile' (the server step's"
            + " operators), 'bench spark' (the job against the bare loop) or 'bench scale' (ms per client and round at"
            + " 10, 100, 1,000 clients)"},
        {"gpu-check", "org.cutmixsl.spark.cli.GpuCheck",
            "what libtorch and ND4J see, device-equals-CPU logits, images/s on the GPU against the CPU [--device D]"},
        {"cluster", null, "a Spark standalone cluster on this machine: cluster start|status|stop"},
        {"submit", null, "train on a Spark cluster through spark-submit: --config FILE --out RUN_DIR [--master URL]"},
    };

    private final Path home;
    private final Map<String, String> env;
    private final PrintStream out;
    private final List<String> records = new ArrayList<>();
    /** Spark properties in order of precedence, lowest first: a key keeps its first position and its last value. */
    private final Map<String, String> spark = new LinkedHashMap<>();

    LaunchPlan(Path home, Map<String, String> env, PrintStream out) {
        this.home = home;
        this.env = env;
        this.out = out;
    }

    /**
     * @param args the plan file, then bin/cutmixsl's arguments
     */
    public static void main(String[] args) {
        LaunchPlan plan = new LaunchPlan(Paths.get(System.getenv().getOrDefault("CUTMIXSL_HOME", ".")), System.getenv(),
                System.out);
        int code;
        try {
            code = plan.plan(List.of(args).subList(1, args.length));
        } catch (IllegalArgumentException e) {
            System.err.println("cutmixsl: " + e.getMessage());
            code = 2;
        }
        plan.write(Paths.get(args[0]));
        System.exit(code);
    }

    /**
     * @param args bin/cutmixsl's arguments
     * @return the exit code when the command was answered here (no {@code exec} record), else 0
     * @throws IllegalArgumentException with the message for the user (exit code 2)
     */
    int plan(List<String> args) {
        if (args.isEmpty()) {
            usage(System.err);
            return 2;
        }
        String command = args.get(0);
        List<String> rest = new ArrayList<>(args.subList(1, args.size()));
        if (List.of("-h", "--help", "help").contains(command)) {
            usage(out);
            return 0;
        }
        switch (command) {
            case "cluster" -> {
                return cluster(rest);
            }
            case "submit" -> submit(rest);
            case "demo" -> demo(rest);
            default -> {
                String main = mainClass(command);
                if (command.equals("prepare")) {
                    prepareSource(rest);
                } else if (command.equals("bare-train") && rest.stream().noneMatch(a ->
                        List.of("--data", "--source", "-h", "--help").contains(a))) {
                    records.add("need=fashion-mnist"); // it prepares data/fashion-mnist-c<N>-iid from the package's files
                } else if (command.equals("bench") && !rest.isEmpty() && List.of("spark", "scale").contains(rest.get(0))
                        || command.equals("gpu-check") && !String.join(" ", rest).matches(".*--spark-rounds[ =]0\\b.*")) {
                    records.add("need=fashion-mnist"); // bench spark prepares data/fashion-mnist-c10-iid
                }
                local(main, rest);
            }
        }
        return 0;
    }

    private String mainClass(String command) {
        for (String[] c : COMMANDS) {
            if (c[0].equals(command) && c[1] != null) {
                return c[1];
            }
        }
        throw new IllegalArgumentException("unknown command '" + command + "' (see cutmixsl --help)");
    }

    private void usage(PrintStream to) {
        to.println("usage: cutmixsl <command> [options]");
        to.println("       cutmixsl <command> --help");
        to.println();
        to.println("Split learning of Vision Transformers with CutSmashed data, on Apache Spark.");
        to.println();
        to.println("Commands:");
        for (String[] c : COMMANDS) {
            to.printf(Locale.ROOT, "  %-10s %s%n", c[0], c[2]);
        }
        to.println();
        to.println("Options of every Java command:");
        to.println("  --conf spark.key=value   a Spark setting (after conf/spark-defaults.conf; later ones win)");
        to.println("  --set key=value          a configuration override, passed to the command unchanged");
        to.println();
        to.println("Environment: CUTMIXSL_CORES (default: all cores), CUTMIXSL_DRIVER_MEMORY (default 4g),");
        to.println("CUTMIXSL_CACHE (default ~/.cache/cutmixsl), CUTMIXSL_REBUILD=1 (rebuild first).");
    }

    /** A Java command in one JVM in Spark local mode. */
    private void local(String main, List<String> args) {
        spark.put("spark.master", "local[" + env.getOrDefault("CUTMIXSL_CORES",
                Integer.toString(Runtime.getRuntime().availableProcessors())) + ",4]");
        sparkDefaults();
        List<String> rest = takeConfs(args);
        List<String> jvm = jvmOptions();
        jvm.add("-Xmx" + env.getOrDefault("CUTMIXSL_DRIVER_MEMORY", "4g"));
        jvm.addAll(driverFlags());
        nativeEnv();
        spark.forEach((k, v) -> jvm.add("-D" + k + "=" + v));
        exec(jvm, List.of("-cp", classpath(), main), rest);
    }

    /** {@code --source} for fashion-mnist when none is given: the Debian package's files, installed if missing. */
    private void prepareSource(List<String> args) {
        String dataset = null;
        boolean source = false;
        for (int i = 0; i < args.size(); i++) {
            String a = args.get(i);
            if (a.equals("-h") || a.equals("--help")) {
                return;
            }
            source |= a.equals("--source") || a.startsWith("--source=");
            if (a.equals("--dataset") && i + 1 < args.size()) {
                dataset = args.get(i + 1);
            } else if (a.startsWith("--dataset=")) {
                dataset = a.substring("--dataset=".length());
            }
        }
        if (!source && "fashion-mnist".equalsIgnoreCase(dataset)) {
            records.add("need=fashion-mnist");
            args.addAll(List.of("--source", FASHION_MNIST));
        }
    }

    private void demo(List<String> args) {
        String dir = null;
        List<String> rest = new ArrayList<>();
        for (int i = 0; i < args.size(); i++) {
            String a = args.get(i);
            if (a.equals("-h") || a.equals("--help")) {
                out.println("usage: cutmixsl demo [--out RUN_DIR] [--set key=value ...] [--conf spark.key=value ...]");
                out.println();
                out.println("Trains CutMixSL on Fashion-MNIST (10 clients, IID) with conf/demo.conf in Spark local mode,"
                        + " preparing the");
                out.println("dataset under data/ first when it is missing. Prints one line per round, a summary, and the"
                        + " run directory");
                out.println("as the last line. RUN_DIR defaults to runs/demo-<date-time>.");
                return;
            } else if (a.equals("--out")) {
                dir = value(args, ++i, a);
            } else if (a.startsWith("--out=")) {
                dir = a.substring("--out=".length());
            } else {
                rest.add(a);
            }
        }
        records.add("need=fashion-mnist");
        if (dir == null) {
            dir = "runs/demo-" + LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss"));
        }
        List<String> job = new ArrayList<>(List.of("--config", home.resolve("conf/demo.conf").toString(), "--out", dir));
        job.addAll(rest);
        local(TRAIN_JOB, job);
    }

    /** {@code cluster status|stop} here; {@code cluster start}, its options checked, in a JVM after the build. */
    private int cluster(List<String> args) {
        String action = args.isEmpty() ? "" : args.get(0);
        switch (action) {
            case "-h", "--help", "help" -> {
                out.println(Cluster.USAGE);
                return 0;
            }
            case "status" -> {
                return new Cluster(home, env).status(out);
            }
            case "stop" -> {
                return new Cluster(home, env).stop(false);
            }
            case "start" -> {
                // In Cluster.main's argument order (Map.of's own order differs from one JVM to the next).
                Map<String, String> options = new LinkedHashMap<>();
                options.put("--workers", "2");
                options.put("--cores", "1");
                options.put("--memory", "3g");
                options.put("--gpus-per-worker", "0");
                options.put("--fake-gpus", "false");
                for (int i = 1; i < args.size(); i++) {
                    String a = args.get(i);
                    String name = a.contains("=") ? a.substring(0, a.indexOf('=')) : a;
                    if (a.equals("-h") || a.equals("--help")) {
                        out.println(Cluster.USAGE);
                        return 0;
                    }
                    if (a.equals("--fake-gpus")) { // a flag: no value
                        options.put(a, "true");
                        continue;
                    }
                    if (!options.containsKey(name) || name.equals("--fake-gpus")) {
                        throw new IllegalArgumentException("cluster start: unknown option '" + a + "' (see cutmixsl"
                                + " cluster --help)");
                    }
                    options.put(name, a.contains("=") ? a.substring(a.indexOf('=') + 1) : value(args, ++i, a));
                }
                for (String count : List.of("--workers", "--cores")) {
                    if (!options.get(count).matches("[1-9][0-9]*")) {
                        throw new IllegalArgumentException("cluster start: " + count + " takes a positive number, got '"
                                + options.get(count) + "'");
                    }
                }
                if (!options.get("--gpus-per-worker").matches("0|[1-9][0-9]*")) {
                    throw new IllegalArgumentException("cluster start: --gpus-per-worker takes a number of GPUs (0 or"
                            + " more), got '" + options.get("--gpus-per-worker") + "'");
                }
                if (options.get("--fake-gpus").equals("true") && options.get("--gpus-per-worker").equals("0")) {
                    throw new IllegalArgumentException("cluster start: --fake-gpus needs --gpus-per-worker K (how many"
                            + " made-up GPUs each worker declares)");
                }
                if (!options.get("--memory").matches("[1-9][0-9]*[mMgG]")) {
                    throw new IllegalArgumentException("cluster start: --memory takes a size such as 3g or 2048m, got '"
                            + options.get("--memory") + "'");
                }
                records.add("need=cluster-build");
                Cluster.environment(home).forEach((k, v) -> records.add("env=" + k + "=" + v));
                nativeEnv();
                exec(List.of(), List.of("-cp", home.resolve("common/target/classes").toString(), Cluster.class.getName(),
                        "start"), List.copyOf(options.values()));
                return 0;
            }
            default -> {
                System.err.println(Cluster.USAGE);
                return 2;
            }
        }
    }

    /**
     * The training job through Spark's SparkSubmit, from the Spark home's jars: client deploy mode by default; under
     * {@code --master yarn} also cluster deploy mode, with files shipped by {@code --files}.
     */
    private void submit(List<String> args) {
        String master = null;
        String deployMode = "client";
        String files = null;
        List<String> job = new ArrayList<>();
        List<String> confs = new ArrayList<>();
        for (int i = 0; i < args.size(); i++) {
            String a = args.get(i);
            if (a.equals("-h") || a.equals("--help")) {
                submitUsage();
                return;
            } else if (a.equals("--master") || a.startsWith("--master=")) {
                master = a.equals("--master") ? value(args, ++i, a) : a.substring("--master=".length());
            } else if (a.equals("--deploy-mode") || a.startsWith("--deploy-mode=")) {
                deployMode = a.equals("--deploy-mode") ? value(args, ++i, a) : a.substring("--deploy-mode=".length());
            } else if (a.equals("--files") || a.startsWith("--files=")) {
                files = a.equals("--files") ? value(args, ++i, a) : a.substring("--files=".length());
            } else if (a.equals("--conf") || a.startsWith("--conf=")) {
                confs.add(a.equals("--conf") ? value(args, ++i, a) : a.substring("--conf=".length()));
            } else {
                job.add(a);
            }
        }
        boolean yarn = "yarn".equals(master);
        if (!deployMode.equals("client") && !(yarn && deployMode.equals("cluster"))) {
            throw new IllegalArgumentException("submit: --deploy-mode takes client, or cluster with --master yarn, got '"
                    + deployMode + "'");
        }
        boolean clusterMode = deployMode.equals("cluster");
        Cluster cluster = new Cluster(home, env);
        if (master == null) {
            master = cluster.runningMaster();
            if (cluster.gone() > 0) {
                System.err.println("cutmixsl: warning: the cluster is partly running (" + cluster.gone() + " of its"
                        + " processes are gone; see 'cutmixsl cluster status'): the job may wait for executors that"
                        + " never come");
            }
        }
        records.add("need=cluster-build");
        Map<String, String> sparkEnv = Cluster.environment(home);
        if (yarn && !env.getOrDefault("SPARK_HOME", "").isEmpty()) {
            // A Spark distribution with YARN support (the cluster's own): the Spark home built here has none.
            sparkEnv.put("SPARK_HOME", env.get("SPARK_HOME"));
        }
        sparkEnv.forEach((k, v) -> records.add("env=" + k + "=" + v));
        List<String> jvm = jvmOptions();
        sparkDefaults();
        spark.put("spark.executor.memory", "2g");
        // Executors get the driver's flags: Spark adds its module list (the first block of conf/jvm-options), not the
        // native-library settings nor the logging configuration. Their native libraries go to the executors' cache
        // (on YARN a container's working directory, the one folder a container surely may write), and on YARN they log
        // with Spark's defaults into the container's stderr: this machine's paths mean nothing in a container.
        String executorFlags = String.join(" ", jvmOptions(executorCache(yarn)));
        spark.put("spark.executor.extraJavaOptions", yarn ? executorFlags
                : executorFlags + " -Dlog4j2.configurationFile=" + home.resolve("conf/log4j2-cluster.properties"));
        if (yarn) {
            // YARN would start a failed driver again from scratch into the same run directory; --resume does that.
            spark.put("spark.yarn.maxAppAttempts", "1");
        }
        if (clusterMode) {
            // The driver runs in YARN's application master container: the executors' flags and native environment.
            spark.put("spark.driver.extraJavaOptions", executorFlags + " -Djava.awt.headless=true");
        }
        nativeEnv(clusterMode ? List.of("spark.executorEnv.", "spark.yarn.appMasterEnv.") : List.of("spark.executorEnv."));
        spark.put("spark.eventLog.enabled", "true");
        if (master.startsWith("spark://127.0.0.1:") || master.startsWith("spark://localhost:")) {
            spark.put("spark.driver.host", "127.0.0.1");
            spark.put("spark.driver.bindAddress", "127.0.0.1");
        } else {
            records.add("unset=SPARK_LOCAL_IP");
        }
        for (String c : confs) {
            conf(c);
        }
        // Client mode: the driver is this JVM, started before Spark reads spark.driver.memory: so it is its -Xmx.
        spark.put("spark.driver.memory", spark.getOrDefault("spark.driver.memory",
                env.getOrDefault("CUTMIXSL_DRIVER_MEMORY", "2g")));
        String runDir = "run";
        for (int i = 0; i < job.size(); i++) {
            if (job.get(i).equals("--out") && i + 1 < job.size()) {
                runDir = job.get(i + 1);
            } else if (job.get(i).startsWith("--out=")) {
                runDir = job.get(i).substring("--out=".length());
            }
        }
        spark.putIfAbsent("spark.app.name", "CutMixSL " + runDir.replaceAll("/+$", ""));
        // In cluster mode this JVM only submits and waits for the application; the driver is YARN's container.
        jvm.add("-Xmx" + (clusterMode ? "512m" : spark.get("spark.driver.memory")));
        jvm.addAll(driverFlags());
        StringBuilder classpath = new StringBuilder(sparkEnv.get("SPARK_HOME")).append("/jars/*");
        if (yarn) {
            // As Spark's own bin/spark-class: the Hadoop client finds the ResourceManager and fs.defaultFS there.
            for (String dir : List.of("HADOOP_CONF_DIR", "YARN_CONF_DIR")) {
                if (!env.getOrDefault(dir, "").isEmpty()) {
                    classpath.append(':').append(env.get(dir));
                }
            }
        }
        List<String> submit = new ArrayList<>(List.of("-cp", classpath.toString(),
                "org.apache.spark.deploy.SparkSubmit", "--master", master, "--deploy-mode", deployMode, "--class",
                TRAIN_JOB));
        if (files != null) {
            submit.addAll(List.of("--files", files));
        }
        // The local cluster's secret and GPU settings, as a file: a secret among the arguments would be visible to
        // every user of the machine in ps. Settings given with --conf win over the file's.
        cluster.settingsFor(master).ifPresent(file -> submit.addAll(List.of("--properties-file", file.toString())));
        spark.forEach((k, v) -> submit.addAll(List.of("--conf", k + "=" + v)));
        submit.add(appJar());
        exec(jvm, submit, job);
    }

    private void submitUsage() {
        out.println("usage: cutmixsl submit [--master URL] --config FILE --out RUN_DIR [--set key=value ...] [--resume]"
                + " [--overwrite]");
        out.println("                       [--conf spark.key=value ...] [--deploy-mode client|cluster] [--files"
                + " FILE,...]");
        out.println();
        out.println("Runs the training job (" + TRAIN_JOB + " in the shaded application jar) through Spark's own");
        out.println("SparkSubmit in client deploy mode, exactly as on a real cluster: the driver runs here, the clients'"
                + " tasks on");
        out.println("the cluster's executors. Without --master it uses the cluster of 'cutmixsl cluster start'. The job's"
                + " exit code is");
        out.println("this command's (README \"Exit codes\"). The dataset the configuration names is prepared first when"
                + " it is missing,");
        out.println("by the driver; relative data.dir paths resolve against the current folder, as with 'train'.");
        out.println();
        out.println("Spark settings, later ones winning: conf/spark-defaults.conf; spark.executor.memory=2g; the flags");
        out.println("of conf/jvm-options as spark.executor.extraJavaOptions; conf/native-env as spark.executorEnv.*;"
                + " event logging");
        out.println("into RUN_DIR/events (open it with Spark's History Server: README); on the cluster of 'cutmixsl"
                + " cluster start',");
        out.println("its settings file (the cluster's secret; with GPUs, the executors', tasks' and driver's GPUs) as"
                + " --properties-file;");
        out.println("then --conf options. The driver's heap is");
        out.println("spark.driver.memory when given with --conf, else $CUTMIXSL_DRIVER_MEMORY, else 2g.");
        out.println();
        out.println("YARN: --master yarn [--deploy-mode client|cluster] [--files conf/x.conf,...] with HADOOP_CONF_DIR"
                + " (or YARN_CONF_DIR)");
        out.println("set and SPARK_HOME a Spark distribution with YARN support (the Spark home built here has none)."
                + " A --config");
        out.println("that is the bare name of a --files file is read from the container's working directory (cluster"
                + " mode) or");
        out.println("from where --files took it (client mode). Executors, and the driver in cluster mode, extract"
                + " libtorch and");
        out.println("JavaCPP's libraries into $CUTMIXSL_EXECUTOR_CACHE, by default the container's working directory"
                + " (README \"YARN\").");
    }

    /** Removes the {@code --conf} options from the arguments into the Spark settings; returns the rest. */
    private List<String> takeConfs(List<String> args) {
        List<String> rest = new ArrayList<>();
        for (int i = 0; i < args.size(); i++) {
            String a = args.get(i);
            if (a.equals("--conf")) {
                if (i + 1 >= args.size()) {
                    throw new IllegalArgumentException("--conf needs a value: --conf spark.key=value");
                }
                conf(args.get(++i));
            } else if (a.startsWith("--conf=")) {
                conf(a.substring("--conf=".length()));
            } else {
                rest.add(a);
            }
        }
        return rest;
    }

    private void conf(String setting) {
        int eq = setting.indexOf('=');
        if (!setting.startsWith("spark.") || eq < 0) {
            throw new IllegalArgumentException("--conf takes spark.key=value, got '" + setting + "'");
        }
        spark.put(setting.substring(0, eq), setting.substring(eq + 1));
    }

    private static String value(List<String> args, int i, String option) {
        if (i >= args.size()) {
            throw new IllegalArgumentException(option + " needs a value");
        }
        return args.get(i);
    }

    /** conf/spark-defaults.conf: "key value" lines. */
    private void sparkDefaults() {
        for (String line : lines("conf/spark-defaults.conf")) {
            String[] kv = line.split("\\s+", 2);
            spark.put(kv[0], kv.length > 1 ? kv[1].trim() : "");
        }
    }

    /** conf/jvm-options with the launcher's cache folder filled in. */
    List<String> jvmOptions() {
        return jvmOptions(cache());
    }

    /** conf/jvm-options with {@code cache} as the native cache folder. */
    private List<String> jvmOptions(String cache) {
        List<String> jvm = new ArrayList<>();
        for (String line : lines("conf/jvm-options")) {
            jvm.add(line.replace("${CUTMIXSL_CACHE}", cache));
        }
        return jvm;
    }

    private String cache() {
        return env.getOrDefault("CUTMIXSL_CACHE", env.getOrDefault("HOME", "") + "/.cache/cutmixsl");
    }

    /**
     * Where executors (and a YARN cluster-mode driver) extract libtorch and JavaCPP's libraries:
     * {@code $CUTMIXSL_EXECUTOR_CACHE}; else on YARN {@code .}, the container's working directory (a container's
     * user may have no writable home, and YARN deletes the folder with the container); else the launcher's own.
     */
    private String executorCache(boolean yarn) {
        String set = env.getOrDefault("CUTMIXSL_EXECUTOR_CACHE", "");
        return !set.isEmpty() ? set : yarn ? "." : cache();
    }

    private List<String> driverFlags() {
        return List.of("-Djava.awt.headless=true",
                "-Dlog4j2.configurationFile=" + home.resolve("conf/log4j2.properties"),
                "-Dcutmixsl.home=" + home);
    }

    /**
     * conf/native-env: each KEY=VALUE the environment does not set already is exported, and the effective value goes
     * to executors as spark.executorEnv.KEY (a --conf given for it wins).
     */
    private void nativeEnv() {
        nativeEnv(List.of("spark.executorEnv."));
    }

    /**
     * conf/native-env: each KEY=VALUE the environment does not set already is exported, and the effective value goes
     * to Spark as PREFIX + KEY for every prefix (a --conf given for it wins).
     */
    private void nativeEnv(List<String> prefixes) {
        for (String line : lines("conf/native-env")) {
            int eq = line.indexOf('=');
            String key = line.substring(0, eq);
            String value = env.getOrDefault(key, "");
            if (value.isEmpty()) {
                value = line.substring(eq + 1);
                records.add("env=" + key + "=" + value);
            }
            for (String prefix : prefixes) {
                spark.putIfAbsent(prefix + key, value);
            }
        }
    }

    /** The module jars first (they win over the copies in spark-jobs/target/lib), then that folder. */
    private String classpath() {
        StringBuilder cp = new StringBuilder();
        for (String module : List.of("common", "data-prep", "model", "spark-jobs")) {
            for (Path jar : list(home.resolve(module).resolve("target"))) {
                String name = jar.getFileName().toString();
                if (name.startsWith("cutmixsl-") && name.endsWith(".jar")
                        && Stream.of("-app.jar", "-sources.jar", "-javadoc.jar", "-tests.jar").noneMatch(name::endsWith)) {
                    cp.append(jar).append(':');
                }
            }
        }
        return cp + home.resolve("spark-jobs/target/lib").toString() + "/*";
    }

    private String appJar() {
        for (Path jar : list(home.resolve("spark-jobs/target"))) {
            String name = jar.getFileName().toString();
            if (name.startsWith("cutmixsl-spark-jobs-") && name.endsWith("-app.jar")) {
                return jar.toString();
            }
        }
        return home.resolve("spark-jobs/target/cutmixsl-spark-jobs-VERSION-app.jar").toString();
    }

    private void exec(List<String> jvm, List<String> main, List<String> args) {
        records.add("exec");
        records.add(env.getOrDefault("JAVA", "java"));
        records.addAll(jvm);
        records.addAll(main);
        records.addAll(args);
    }

    /** A conf file's lines, trimmed, without blank lines and # comments. */
    private List<String> lines(String file) {
        try {
            return Files.readAllLines(home.resolve(file)).stream().map(String::trim)
                    .filter(l -> !l.isEmpty() && !l.startsWith("#")).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static List<Path> list(Path dir) {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(dir)) {
            return files.sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** @return the records, as {@link #write} writes them (tests) */
    List<String> records() {
        return records;
    }

    private void write(Path file) {
        try (OutputStream o = Files.newOutputStream(file)) {
            for (String r : records) {
                o.write(r.getBytes(StandardCharsets.UTF_8));
                o.write(0);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
