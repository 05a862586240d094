package org.cutmixsl.spark.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.hdfs.MiniDFSCluster;
import org.apache.hadoop.yarn.conf.YarnConfiguration;
import org.apache.hadoop.yarn.server.MiniYARNCluster;
import org.cutmixsl.common.io.FileTrees;
import org.cutmixsl.common.io.Location;
import org.cutmixsl.spark.TestSpark;
import org.cutmixsl.spark.round.MetricsCodec;
import org.cutmixsl.spark.round.RoundMetrics;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The training job on YARN as a user submits it: {@code bin/cutmixsl submit --master yarn}, in client and in cluster
 * deploy mode, against an in-process YARN (Hadoop's MiniYARNCluster, one NodeManager) and HDFS (MiniDFSCluster, one
 * DataNode). The configuration travels by {@code --files} and the job names it by its bare name; data and runs are
 * on {@code hdfs://}. Each run must exit 0 and leave {@code _SUCCESS}, two rounds of metrics with a finite loss, and
 * the configuration it was given; and libtorch must have been extracted inside a YARN container's working directory,
 * the executors' default native cache under YARN (in cluster mode the driver's too, in the application master's
 * container, beside its copy of the configuration).
 *
 * <p>The Spark that submits and runs in the containers is the YARN-capable Spark home of the module
 * {@code spark-home-yarn} (its pom says why it is 4.2.0). In the integration phase with the cluster tests.
 */
@Tag("cluster")
class YarnRunsTheJobInBothDeployModes {

    private static final String CONFIG = "yarn-tiny.conf";
    private static final String CLUSTER_NAME = "cutmixsl-yarn";

    @Test
    void clientAndClusterDeployModesTrainFromAConfigShippedWithFiles() throws Exception {
        long start = System.nanoTime();
        LocalCluster.requireBuilt();
        TestSpark.requireFashionMnist();
        Path sparkHome = LocalCluster.HOME.resolve("spark-home-yarn/target/spark-home");
        assertTrue(Files.isDirectory(sparkHome.resolve("jars")), "missing " + sparkHome + "/jars (module spark-home-yarn)");
        Path work = LocalCluster.HOME.resolve("spark-jobs/target/cluster-tests/yarn");
        // MiniYARNCluster's folders (under test.build.data, by default target/test/data of this module) hold every
        // kept container, libtorch extracted in each: an earlier run's go, not to fill the disk run after run.
        FileTrees.deleteRecursively(LocalCluster.HOME.resolve("spark-jobs")
                .resolve(System.getProperty("test.build.data", "target/test/data")).resolve(CLUSTER_NAME));
        MiniDFSCluster dfs = LocalCluster.startHdfs(work);
        MiniYARNCluster yarn = null;
        try {
            String hdfs = "hdfs://127.0.0.1:" + dfs.getNameNodePort();
            yarn = startYarn(hdfs);
            Path hadoopConf = writeHadoopConf(work.resolve("hadoop-conf"), yarn.getConfig());
            Path config = Files.createDirectories(work.resolve("conf")).resolve(CONFIG);
            List<String> tiny = new ArrayList<>(LocalCluster.fourClientsTwoRounds(hdfs + "/data/fm4"));
            tiny.addAll(List.of("method = cutmixsl", "spark.partitions = 1", ""));
            Files.writeString(config, String.join("\n", tiny));
            Path localDir = Path.of(yarn.getNodeManager(0).getConfig().get(YarnConfiguration.NM_LOCAL_DIRS)
                    .split(",")[0].replaceFirst("^file:", ""));

            for (String mode : List.of("client", "cluster")) {
                String out = hdfs + "/runs/" + mode;
                LocalCluster.Job job = submit(work, mode, hadoopConf, sparkHome, config, out);
                Location run = Location.of(out);
                assertTrue(run.resolve("_SUCCESS").isFile(), () -> mode + ": no _SUCCESS in " + out + "\n" + job.output());
                List<RoundMetrics> metrics = MetricsCodec.read(run);
                assertEquals(2, metrics.size(), mode + ": rounds in metrics.csv");
                for (RoundMetrics m : metrics) {
                    assertTrue(Double.isFinite(m.trainLoss()) && m.trainLoss() > 0, mode + ": loss " + m.trainLoss());
                }
                String recorded = run.resolve("config.conf").readText();
                assertTrue(recorded.contains("fm4") && recorded.matches("(?s).*count\\s*[=:]\\s*4.*"),
                        () -> mode + ": the run's configuration is not the shipped file's:\n" + recorded);
                if (mode.equals("client")) { // the driver is the submitting process: its last line names the run
                    assertTrue(job.output().lines().anyMatch(out::equals), job.output());
                }
            }

            // YARN keeps finished containers' folders (debug delay): what the containers wrote is there to see.
            List<Path> containers = containerFolders(localDir);
            List<Path> withLibtorch = containers.stream().filter(c -> hasLibtorch(c.resolve("djl"))).toList();
            assertTrue(withLibtorch.size() >= 2, "libtorch extracted in the working directory of at least one"
                    + " executor per run; containers: " + containers + ", with libtorch: " + withLibtorch);
            // An application master is its attempt's first container; client mode's runs no driver, so no libtorch.
            List<Path> masters = withLibtorch.stream().filter(c -> c.getFileName().toString().endsWith("_000001"))
                    .toList();
            assertEquals(1, masters.size(), "the cluster-mode driver, and only it, extracted libtorch in an application"
                    + " master's container: " + withLibtorch);
            assertTrue(Files.exists(masters.get(0).resolve(CONFIG)), "the shipped configuration beside it");
            assertFalse(Files.exists(work.resolve("djl")), "a relative cache resolved against the submitting folder");
        } finally {
            if (yarn != null) {
                yarn.stop();
            }
            dfs.shutdown(true);
        }
        LocalCluster.report("YARN client and cluster deploy mode", start);
    }

    /** One ResourceManager, one NodeManager of 6 GB and 4 cores; containers' memory is not policed (see README). */
    private static MiniYARNCluster startYarn(String hdfs) throws InterruptedException {
        YarnConfiguration conf = new YarnConfiguration();
        conf.set("fs.defaultFS", hdfs);
        conf.setInt(YarnConfiguration.RM_SCHEDULER_MINIMUM_ALLOCATION_MB, 128);
        conf.setInt(YarnConfiguration.RM_SCHEDULER_MAXIMUM_ALLOCATION_MB, 4096);
        conf.setInt(YarnConfiguration.NM_PMEM_MB, 6144);
        conf.setInt(YarnConfiguration.NM_VCORES, 4);
        // libtorch's native memory is outside the JVM heap that YARN sizes containers by; a shared 2-core test machine
        // is no place to tune memoryOverhead against YARN's monitor.
        conf.setBoolean(YarnConfiguration.NM_PMEM_CHECK_ENABLED, false);
        conf.setBoolean(YarnConfiguration.NM_VMEM_CHECK_ENABLED, false);
        // A nearly full disk would otherwise mark the NodeManager unhealthy and leave applications waiting.
        conf.setFloat(YarnConfiguration.NM_MAX_PER_DISK_UTILIZATION_PERCENTAGE, 100.0f);
        // Keep finished containers' folders so the test can look at what they wrote.
        conf.setInt(YarnConfiguration.DEBUG_NM_DELETE_DELAY_SEC, 3600);
        conf.set(YarnConfiguration.YARN_MINICLUSTER_FIXED_PORTS, "false");
        // The CapacityScheduler's one queue (a cluster reads it from capacity-scheduler.xml, which the minicluster jar
        // lacks); application masters may take the whole of it, as a cluster-mode driver of 1.4 GB needs here.
        conf.set("yarn.scheduler.capacity.root.queues", "default");
        conf.setInt("yarn.scheduler.capacity.root.default.capacity", 100);
        conf.setInt("yarn.scheduler.capacity.root.default.maximum-capacity", 100);
        conf.setFloat("yarn.scheduler.capacity.maximum-am-resource-percent", 1.0f);
        MiniYARNCluster yarn = new MiniYARNCluster(CLUSTER_NAME, 1, 1, 1);
        yarn.init(conf);
        yarn.start();
        // The ResourceManager's address is known once it has bound its port.
        long deadline = System.nanoTime() + Duration.ofMinutes(1).toNanos();
        while (yarn.getConfig().get(YarnConfiguration.RM_ADDRESS, ":0").endsWith(":0")) {
            assertTrue(System.nanoTime() < deadline, "the ResourceManager bound no port");
            Thread.sleep(100);
        }
        return yarn;
    }

    /** core-site.xml and yarn-site.xml as a cluster's HADOOP_CONF_DIR holds them. */
    private static Path writeHadoopConf(Path dir, Configuration conf) throws IOException {
        Files.createDirectories(dir);
        for (String file : List.of("core-site.xml", "yarn-site.xml")) {
            try (OutputStream o = Files.newOutputStream(dir.resolve(file))) {
                conf.writeXml(o);
            }
        }
        return dir;
    }

    private static LocalCluster.Job submit(Path work, String mode, Path hadoopConf, Path sparkHome, Path config,
            String out) {
        String javaHome = System.getProperty("java.home");
        List<String> command = new ArrayList<>(List.of(LocalCluster.HOME.resolve("bin/cutmixsl").toString(), "submit",
                "--master", "yarn", "--deploy-mode", mode, "--files", config.toString(),
                "--config", CONFIG, "--out", out,
                // Small containers: one executor of one core; the application master's own heap in client mode.
                "--conf", "spark.executor.instances=1", "--conf", "spark.executor.cores=1",
                "--conf", "spark.executor.memory=1g", "--conf", "spark.driver.memory=1g",
                "--conf", "spark.yarn.am.memory=256m",
                // Spark's jars are on this host already: no archive of them uploaded per application.
                "--conf", "spark.yarn.jars=local:" + sparkHome.resolve("jars") + "/*",
                // The NodeManager runs in this JVM, whose environment may lack JAVA_HOME.
                "--conf", "spark.executorEnv.JAVA_HOME=" + javaHome,
                "--conf", "spark.yarn.appMasterEnv.JAVA_HOME=" + javaHome,
                "--conf", "spark.yarn.submit.waitAppCompletion=true"));
        LocalCluster.Job job = new LocalCluster.Job(work, "yarn-" + mode, command, work.resolve("state-unused"),
                Map.of("HADOOP_CONF_DIR", hadoopConf.toString(), "SPARK_HOME", sparkHome.toString()));
        assertEquals(0, job.await(Duration.ofMinutes(12)), () -> mode + " deploy mode failed:\n" + job.output());
        System.out.printf(Locale.ROOT, "cluster test timing: YARN %s deploy mode took %.1f s%n", mode, job.seconds());
        return job;
    }

    /** The working folders of every container the NodeManager ran. */
    private static List<Path> containerFolders(Path localDir) {
        try (Stream<Path> found = Files.walk(localDir, 5)) {
            return found.filter(p -> p.getFileName().toString().startsWith("container_") && Files.isDirectory(p)
                    && p.getParent().getFileName().toString().startsWith("application_")).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static boolean hasLibtorch(Path cache) {
        if (!Files.isDirectory(cache)) {
            return false;
        }
        try (Stream<Path> found = Files.walk(cache)) {
            return found.anyMatch(p -> p.getFileName().toString().startsWith("libtorch"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
