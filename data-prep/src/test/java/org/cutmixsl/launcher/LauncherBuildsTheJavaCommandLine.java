package org.cutmixsl.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Runs bin/cutmixsl with {@code CUTMIXSL_DRY_RUN=1}, which prints the java command line instead of running it, and
 * checks how it is put together: JVM flags from conf/jvm-options, Spark settings from conf/spark-defaults.conf then
 * --conf (later wins), --set passed through, the Fashion-MNIST default source.
 */
class LauncherBuildsTheJavaCommandLine {

    record Result(int exitCode, List<String> lines, String err) {
    }

    static Result launch(Map<String, String> env, String... args) throws IOException, InterruptedException {
        Path root = RepoRoot.find();
        List<String> command = new ArrayList<>(List.of("bash", root.resolve("bin/cutmixsl").toString()));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command);
        builder.environment().putAll(env);
        Path err = Files.createTempFile("cutmixsl-launcher", ".err");
        builder.redirectError(err.toFile());
        Process process = builder.start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(process.waitFor(60, TimeUnit.SECONDS), "bin/cutmixsl did not finish");
        String errText = Files.readString(err);
        Files.delete(err);
        return new Result(process.exitValue(), out.lines().toList(), errText);
    }

    private static Result dryRun(String... args) throws Exception {
        return launch(Map.of("CUTMIXSL_DRY_RUN", "1", "CUTMIXSL_CORES", "3", "CUTMIXSL_CACHE", "/nowhere/cache",
                "CUTMIXSL_DRIVER_MEMORY", "5g"), args);
    }

    @Test
    void flagsAndSettingsInOrder() throws Exception {
        Result r = dryRun("prepare", "--conf", "spark.sql.shuffle.partitions=3", "--dataset", "mnist",
                "--set", "train.rounds=2", "--conf=spark.ui.enabled=false");
        assertEquals(0, r.exitCode(), r.err());
        List<String> lines = r.lines();

        assertTrue(lines.contains("--add-opens=java.base/java.nio=ALL-UNNAMED"), lines.toString());
        assertTrue(lines.contains("-DDJL_CACHE_DIR=/nowhere/cache/djl"), lines.toString());
        assertTrue(lines.contains("-Dai.djl.offline=true"), lines.toString());
        assertTrue(lines.contains("-Xmx5g"), lines.toString());
        assertTrue(lines.contains("-Dspark.master=local[3,4]"), lines.toString());
        assertTrue(lines.contains("-Dspark.kryo.registrationRequired=true"), lines.toString());
        assertTrue(lines.contains("-Dspark.sql.shuffle.partitions=3"), lines.toString());
        assertFalse(lines.contains("-Dspark.sql.shuffle.partitions=8"), "the --conf value must replace the default");
        assertTrue(lines.contains("-Dspark.ui.enabled=false"), lines.toString());
        assertTrue(lines.stream().anyMatch(l -> l.startsWith("-Dlog4j2.configurationFile=")
                && l.endsWith("conf/log4j2.properties")), lines.toString());

        int main = lines.indexOf("org.cutmixsl.data.prepare.PrepareCommand");
        assertTrue(main > 0, lines.toString());
        assertEquals(List.of("--dataset", "mnist", "--set", "train.rounds=2"), lines.subList(main + 1, lines.size()));
        assertTrue(lines.get(main - 1).endsWith("spark-jobs/target/lib/*"), lines.get(main - 1));
    }

    @Test
    void confMasterReplacesTheLocalDefault() throws Exception {
        Result r = dryRun("prepare", "--conf", "spark.master=spark://h:7077", "--dataset", "mnist");
        assertTrue(r.lines().contains("-Dspark.master=spark://h:7077"), r.lines().toString());
        assertFalse(r.lines().contains("-Dspark.master=local[3,4]"), r.lines().toString());
    }

    @Test
    void fashionMnistDefaultsToTheDebianPackage() throws Exception {
        Result r = dryRun("prepare", "--dataset", "fashion-mnist", "--clients", "3");
        List<String> lines = r.lines();
        assertEquals(List.of("--source", "/usr/share/datasets/fashion-mnist"),
                lines.subList(lines.size() - 2, lines.size()));
        Result given = dryRun("prepare", "--dataset", "fashion-mnist", "--source", "/data/fm");
        assertFalse(given.lines().contains("/usr/share/datasets/fashion-mnist"), given.lines().toString());
    }

    @Test
    void badConfIsRefused() throws Exception {
        Result r = dryRun("prepare", "--conf", "master=local");
        assertEquals(2, r.exitCode());
        assertTrue(r.err().contains("--conf takes spark.key=value, got 'master=local'"), r.err());
    }
}
