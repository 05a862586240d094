package org.cutmixsl.spark.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.cutmixsl.common.cli.Subcommand;
import org.cutmixsl.spark.TestSpark;
import org.junit.jupiter.api.Test;

/**
 * {@code bare-train} on a real prepared dataset (a few rounds): progress lines, then {@code test_accuracy=} as the
 * last line; methods it cannot run are refused before any data is read.
 */
class BareTrainPrintsTheTestAccuracyLast {

    private static String[] run(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = Subcommand.execute(new BareTrain(), args, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        return new String[] {Integer.toString(code), out.toString(StandardCharsets.UTF_8),
                err.toString(StandardCharsets.UTF_8)};
    }

    @Test
    void aFewRoundsEndWithTheTestAccuracy() {
        // sfl runs the same command through another mixer; the model module's BareLoopTrainsCutMixAndSplitFed runs it.
        String method = "cutmixsl";
        String data = TestSpark.fashionMnist(4);
        TestSpark.session(); // the command's session is this one: SparkSessions.create reuses a running session
        String[] r = run("--data", data, "--clients", "4", "--method", method, "--rounds", "3", "--batch", "16",
                "--threads", "1");
        assertEquals("0", r[0], r[2]);
        String[] lines = r[1].strip().split("\n");
        assertTrue(lines[0].startsWith("bare-train: " + method + ", fmnist-tiny, 4 clients"), lines[0]);
        assertTrue(lines[1].startsWith("round 3/3  epoch "), lines[1]);
        String last = lines[lines.length - 1];
        assertTrue(last.matches("test_accuracy=0\\.[0-9]+(E-[0-9]+)?"), last);
        double accuracy = Double.parseDouble(last.substring("test_accuracy=".length()));
        assertTrue(accuracy > 0 && accuracy < 1, last);
    }

    @Test
    void perClientHeadsAreRefusedWithTheWayToTrainThem() {
        String[] r = run("--method", "psl");
        assertEquals("2", r[0]);
        assertEquals("error: --method psl: PSL keeps a head per client, which the bare loop does not (it averages heads"
                + " every round); train PSL with bin/cutmixsl train --set method=psl\n", r[2]);
    }

    @Test
    void otherMethodsAreRefused() {
        String[] r = run("--method", "mixsl");
        assertEquals("2", r[0]);
        assertEquals("error: --method mixsl: bare-train runs cutmixsl or sfl; every method runs in the Spark job"
                + " (bin/cutmixsl train --set method=...)\n", r[2]);
    }

    @Test
    void aDatasetOfOtherClientsIsRefused() {
        String[] r = run("--data", TestSpark.fashionMnist(4), "--clients", "2", "--rounds", "1");
        assertEquals("3", r[0]);
        assertTrue(r[2].endsWith("is split among 4 clients, not --clients 2\n"), r[2]);
    }
}
