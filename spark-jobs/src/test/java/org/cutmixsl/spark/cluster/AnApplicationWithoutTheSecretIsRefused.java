package org.cutmixsl.spark.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The local standalone cluster accepts only applications that hold its secret: {@code cluster start} writes a
 * new one into a settings file only its owner can read, keeps it off every daemon's command line, and turns on
 * Spark's authentication and RPC encryption. An application submitted without the secret (as by another user of
 * the machine, who cannot read the state folder), or with a wrong one, is never registered: the master refuses
 * its connection and the driver gives up. (That {@code submit} with the secret works, every other cluster test
 * shows.)
 */
@Tag("cluster")
class AnApplicationWithoutTheSecretIsRefused {

    private static final Pattern SECRET = Pattern.compile("(?m)^spark\\.authenticate\\.secret ([0-9a-f]{64})$");

    private static Path work;
    private static LocalCluster cluster;

    @BeforeAll
    static void startCluster() throws IOException {
        work = LocalCluster.workFolder("cluster-tests-auth");
        cluster = LocalCluster.start(work);
    }

    @AfterAll
    static void stopCluster() {
        if (cluster != null) {
            cluster.close();
            assertFalse(Files.exists(cluster.state().resolve("spark.conf")), "stop deletes the secret");
        }
    }

    @Test
    void theSecretIsTheOwnersAlone() throws IOException {
        Path settings = cluster.state().resolve("spark.conf");
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(settings)));
        String text = Files.readString(settings);
        assertTrue(text.contains("spark.authenticate true\n") && text.contains("spark.network.crypto.enabled true\n"),
                text);
        Matcher secret = SECRET.matcher(text);
        assertTrue(secret.find(), "a 256-bit secret in hex");
        List<String> daemons = new ArrayList<>();
        ProcessHandle.allProcesses().map(p -> p.info().commandLine().orElse(""))
                .filter(c -> c.contains("-Dcutmixsl.cluster=" + cluster.state())).forEach(daemons::add);
        assertEquals(3, daemons.size(), "master and two workers: " + daemons);
        for (String command : daemons) {
            assertFalse(command.contains(secret.group(1)), "the secret is on a command line: " + command);
            assertTrue(command.contains("--properties-file " + settings), command);
        }
    }

    @Test
    void submissionsWithoutTheSecretOrWithAWrongOneAreRefused() throws IOException {
        long start = System.nanoTime();
        Path config = work.resolve("auth-test.conf");
        Files.writeString(config, String.join("\n",
                // Never prepared: the driver never gets that far (nothing shared is touched).
                "data.dir = \"" + work.resolve("never-prepared") + "\"",
                "data.dataset = fashion-mnist",
                "clients.count = 20",
                "train.rounds = 1",
                ""));
        // Another state folder: the launcher finds no settings (no secret) there, as for a user who cannot read ours.
        Path otherState = Files.createDirectories(work.resolve("other-user-state"));
        String[][] attempts = {{}, {"--conf", "spark.authenticate=true", "--conf", "spark.authenticate.secret=guess"}};
        for (int i = 0; i < attempts.length; i++) {
            Path run = work.resolve("runs/refused-" + i);
            List<String> command = new ArrayList<>(List.of(LocalCluster.launcher(), "submit", "--master",
                    cluster.masterUrl(), "--config", config.toString(), "--out", run.toString()));
            command.addAll(List.of(attempts[i]));
            LocalCluster.Job job = new LocalCluster.Job(work, "refused-" + i, command, otherState);
            int code = job.await(Duration.ofMinutes(4));
            String output = job.output();
            assertNotEquals(0, code, output);
            assertTrue(output.contains("All masters are unresponsive! Giving up."), output);
            assertFalse(Files.exists(run.resolve("_SUCCESS")));
        }
        String master = LocalCluster.read(cluster.state().resolve("master.log"));
        assertFalse(master.contains("Registering app"), "the master registered no application:\n" + master);
        assertTrue(master.contains("Expected SaslMessage"), "the master refused the unauthenticated connections");
        LocalCluster.report("two refused submissions", start);
    }
}
