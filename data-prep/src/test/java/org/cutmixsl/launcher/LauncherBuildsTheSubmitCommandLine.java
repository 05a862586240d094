package org.cutmixsl.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code bin/cutmixsl submit} with {@code CUTMIXSL_DRY_RUN=1}: the job goes through Spark's own SparkSubmit
 * from the Spark home's jars, executors get the driver's JVM flags and native environment, event logging is
 * on, --conf comes last and spark.driver.memory becomes the driver's heap. And the cluster commands refuse
 * bad options and missing clusters clearly. (The cluster itself is exercised by the spark-jobs cluster tests.)
 */
class LauncherBuildsTheSubmitCommandLine {

    @TempDir
    Path state;

    private LauncherBuildsTheJavaCommandLine.Result run(String... args) throws Exception {
        return LauncherBuildsTheJavaCommandLine.launch(Map.of("CUTMIXSL_DRY_RUN", "1", "CUTMIXSL_CACHE", "/nowhere/cache",
                "CUTMIXSL_STATE", state.toString()), args);
    }

    private static String conf(List<String> lines, String key) {
        for (int i = 0; i + 1 < lines.size(); i++) {
            if (lines.get(i).equals("--conf") && lines.get(i + 1).startsWith(key + "=")) {
                return lines.get(i + 1).substring(key.length() + 1);
            }
        }
        return null;
    }

    @Test
    void submitRunsTrainJobThroughSparkSubmit() throws Exception {
        var r = run("submit", "--master", "spark://127.0.0.1:7099", "--config", "conf/demo.conf", "--out", "/tmp/r",
                "--set", "train.rounds=3", "--conf", "spark.executor.memory=1g", "--conf", "spark.driver.memory=3g",
                "--resume");
        assertEquals(0, r.exitCode(), r.err());
        List<String> lines = r.lines();
        int main = lines.indexOf("org.apache.spark.deploy.SparkSubmit");
        assertTrue(main > 0, lines.toString());
        assertTrue(lines.get(main - 1).endsWith("spark-home/target/spark-home/jars/*"), lines.get(main - 1));
        assertTrue(lines.contains("-Xmx3g"), "spark.driver.memory is the client-mode driver's heap: " + lines);
        assertTrue(lines.contains("--add-opens=java.base/java.nio=ALL-UNNAMED"), lines.toString());
        assertEquals(List.of("--master", "spark://127.0.0.1:7099", "--deploy-mode", "client", "--class",
                "org.cutmixsl.spark.cli.TrainJob"), lines.subList(main + 1, main + 7));
        assertEquals("1g", conf(lines, "spark.executor.memory"), "--conf wins over the launcher's 2g");
        assertFalse(lines.contains("--properties-file"), "no local cluster runs: no cluster settings (secret) to pass");
        assertEquals("true", conf(lines, "spark.eventLog.enabled"));
        assertEquals("true", conf(lines, "spark.kryo.registrationRequired"));
        assertEquals("1", conf(lines, "spark.executorEnv.OMP_NUM_THREADS"));
        assertEquals("127.0.0.1", conf(lines, "spark.driver.host"));
        String executorFlags = conf(lines, "spark.executor.extraJavaOptions");
        assertTrue(executorFlags.contains("-DDJL_CACHE_DIR=/nowhere/cache/djl")
                && executorFlags.contains("--add-modules=jdk.incubator.vector")
                && executorFlags.contains("log4j2-cluster.properties"), executorFlags);
        int jar = main + 7 + 2 * (int) lines.subList(main + 7, lines.size()).stream().filter("--conf"::equals).count();
        assertTrue(lines.get(jar).endsWith("-app.jar"), lines.get(jar));
        assertEquals(List.of("--config", "conf/demo.conf", "--out", "/tmp/r", "--set", "train.rounds=3", "--resume"),
                lines.subList(jar + 1, lines.size()));
    }

    @Test
    void yarnExtractsNativeLibrariesInTheContainerAndShipsTheFiles() throws Exception {
        var r = LauncherBuildsTheJavaCommandLine.launch(Map.of("CUTMIXSL_DRY_RUN", "1", "CUTMIXSL_CACHE",
                "/nowhere/cache", "CUTMIXSL_STATE", state.toString(), "HADOOP_CONF_DIR", "/etc/hadoop/conf",
                "SPARK_HOME", "/opt/spark"), "submit", "--master", "yarn", "--deploy-mode", "cluster", "--files",
                "conf/demo.conf", "--config", "demo.conf", "--out", "hdfs:///runs/r");
        assertEquals(0, r.exitCode(), r.err());
        List<String> lines = r.lines();
        int main = lines.indexOf("org.apache.spark.deploy.SparkSubmit");
        assertEquals("/opt/spark/jars/*:/etc/hadoop/conf", lines.get(main - 1), "the cluster's Spark, then its Hadoop"
                + " configuration, as Spark's bin/spark-class");
        assertEquals(List.of("--master", "yarn", "--deploy-mode", "cluster", "--class", "org.cutmixsl.spark.cli.TrainJob",
                "--files", "conf/demo.conf"), lines.subList(main + 1, main + 9));
        for (String key : List.of("spark.executor.extraJavaOptions", "spark.driver.extraJavaOptions")) {
            String flags = conf(lines, key);
            assertTrue(flags.contains("-DDJL_CACHE_DIR=./djl") && flags.contains("-DENGINE_CACHE_DIR=./djl")
                    && flags.contains("-Dorg.bytedeco.javacpp.cachedir=./javacpp"), key + ": " + flags);
            assertFalse(flags.contains("/nowhere") || flags.contains("log4j2"), key + ": no path of this machine: "
                    + flags);
        }
        assertEquals("PASSIVE", conf(lines, "spark.yarn.appMasterEnv.OMP_WAIT_POLICY"), "the driver's native env");
        assertEquals("PASSIVE", conf(lines, "spark.executorEnv.OMP_WAIT_POLICY"));
        assertEquals("1", conf(lines, "spark.yarn.maxAppAttempts"), "a failed driver is resumed, not rerun by YARN");
        assertTrue(lines.contains("-Xmx512m"), "in cluster mode the submitting JVM only waits: " + lines);
        assertEquals(List.of("--config", "demo.conf", "--out", "hdfs:///runs/r"), lines.subList(lines.size() - 4,
                lines.size()));

        var set = LauncherBuildsTheJavaCommandLine.launch(Map.of("CUTMIXSL_DRY_RUN", "1", "CUTMIXSL_STATE",
                state.toString(), "CUTMIXSL_EXECUTOR_CACHE", "/local/disk/cutmixsl"), "submit", "--master", "yarn",
                "--config", "c.conf", "--out", "r");
        assertEquals(0, set.exitCode(), set.err());
        String flags = conf(set.lines(), "spark.executor.extraJavaOptions");
        assertTrue(flags.contains("-DDJL_CACHE_DIR=/local/disk/cutmixsl/djl"), flags);
        assertEquals(null, conf(set.lines(), "spark.driver.extraJavaOptions"), "client mode: the driver is this JVM");
        assertTrue(set.lines().contains("client"), set.lines().toString());

        var bad = run("submit", "--master", "spark://h:7077", "--deploy-mode", "cluster", "--config", "c", "--out", "r");
        assertEquals(2, bad.exitCode());
        assertTrue(bad.err().contains("--deploy-mode takes client, or cluster with --master yarn, got 'cluster'"),
                bad.err());
    }

    @Test
    void aRemoteMasterKeepsSparksOwnDriverAddress() throws Exception {
        var r = run("submit", "--master", "spark://gpu-head:7077", "--config", "c.conf", "--out", "r");
        assertEquals(0, r.exitCode(), r.err());
        assertEquals(null, conf(r.lines(), "spark.driver.host"));
    }

    @Test
    void submitWithoutMasterNeedsARunningCluster() throws Exception {
        var r = run("submit", "--config", "c.conf", "--out", "r");
        assertEquals(2, r.exitCode());
        assertTrue(r.err().contains("no cluster is running") && r.err().contains("cluster start"), r.err());
    }

    @Test
    void clusterStartHandsItsOptionsToTheDaemonsInTheirOrder() throws Exception {
        // Run many times: an options map with an unstable order (Map.of's differs per JVM) once swapped them.
        for (int i = 0; i < 4; i++) {
            var r = run("cluster", "start", "--memory", "4g", "--workers=3");
            assertEquals(0, r.exitCode(), r.err());
            List<String> lines = r.lines();
            assertEquals(List.of("org.cutmixsl.common.launch.Cluster", "start", "3", "1", "4g", "0", "false"),
                    lines.subList(lines.size() - 7, lines.size()));
        }
        var gpus = run("cluster", "start", "--fake-gpus", "--gpus-per-worker=2");
        assertEquals(0, gpus.exitCode(), gpus.err());
        assertEquals(List.of("start", "2", "1", "3g", "2", "true"),
                gpus.lines().subList(gpus.lines().size() - 6, gpus.lines().size()));
    }

    @Test
    void clusterRefusesBadOptionsAndStopsAStoppedClusterQuietly() throws Exception {
        var bad = run("cluster", "start", "--workers", "0");
        assertEquals(2, bad.exitCode());
        assertTrue(bad.err().contains("--workers takes a positive number"), bad.err());
        var memory = run("cluster", "start", "--memory", "lots");
        assertEquals(2, memory.exitCode());
        assertTrue(memory.err().contains("--memory takes a size"), memory.err());
        var fake = run("cluster", "start", "--fake-gpus");
        assertEquals(2, fake.exitCode());
        assertTrue(fake.err().contains("--fake-gpus needs --gpus-per-worker K"), fake.err());
        var gpus = run("cluster", "start", "--gpus-per-worker", "-1");
        assertEquals(2, gpus.exitCode());
        assertTrue(gpus.err().contains("--gpus-per-worker takes a number of GPUs"), gpus.err());

        var stop = run("cluster", "stop");
        assertEquals(0, stop.exitCode(), stop.err());
        assertTrue(stop.err().contains("not running"), stop.err());
        var status = run("cluster", "status");
        assertEquals(1, status.exitCode());
        assertTrue(status.lines().get(0).startsWith("cluster: not running"), status.lines().toString());
        // A pid file whose process is not a daemon of this state folder is never taken for one.
        Files.writeString(state.resolve("master.pid"), ProcessHandle.current().pid() + "\n");
        assertFalse(run("cluster", "status").exitCode() == 0);
        assertTrue(run("cluster", "stop").err().contains("not running"));
        assertTrue(ProcessHandle.current().isAlive());
    }
}
