package org.cutmixsl.common.launch;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * What {@code submit} needs to know of the standalone cluster that {@code bin/cutmixsl cluster start} runs: its state
 * folder, its master's URL, and which of its daemons are still alive. A daemon is ours only when its command line
 * carries {@code -Dcutmixsl.cluster=STATE} and its class, so a pid the kernel has since given to another process is
 * never taken for one.
 */
final class Cluster {

    static final String MASTER = "org.apache.spark.deploy.master.Master";
    static final String WORKER = "org.apache.spark.deploy.worker.Worker";

    private Cluster() {}

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
    static Map<String, String> environment(Path home, Map<String, String> env) {
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
    static String runningMaster(Path state) {
        String url = read(state.resolve("master.url"));
        if (!isOurs(read(state.resolve("master.pid")), MASTER, state) || url.isEmpty()) {
            throw new IllegalArgumentException("no cluster is running (state " + state + "): start one with"
                    + " 'cutmixsl cluster start', or pass --master URL");
        }
        return url;
    }

    /** @return how many daemons this state folder recorded are gone */
    static int gone(Path state) {
        int gone = 0;
        try (Stream<Path> files = Files.isDirectory(state) ? Files.list(state) : Stream.empty()) {
            for (Path pidFile : files.toList()) {
                String name = pidFile.getFileName().toString();
                String daemon = name.equals("master.pid") ? MASTER : name.matches("worker-.*\\.pid") ? WORKER : null;
                if (daemon != null && !isOurs(read(pidFile), daemon, state)) {
                    gone++;
                }
            }
        } catch (IOException e) {
            return gone;
        }
        return gone;
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
