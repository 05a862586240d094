package org.cutmixsl.data.prepare;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.cutmixsl.data.testing.SharedSpark;
import org.cutmixsl.data.testing.SyntheticSources;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Bad options through the command line: exit code 2, one line naming the option, the value and what is expected,
 * and nothing written.
 */
class PrepareRejectsBadOptions {

    @TempDir
    static Path tmp;

    private static Path src;
    private static Path out;

    @BeforeAll
    static void source() throws Exception {
        SharedSpark.session();
        src = tmp.resolve("src");
        out = tmp.resolve("out");
        SyntheticSources.idxDataset(src, 600, 20);
    }

    /** A good command line with some options replaced (a null value removes the option). */
    private static CommandRun prepare(String... replacements) {
        java.util.LinkedHashMap<String, String> options = new java.util.LinkedHashMap<>();
        options.put("--dataset", "fashion-mnist");
        options.put("--source", src.toString());
        options.put("--clients", "4");
        options.put("--shares", "dirichlet");
        options.put("--seed", "1");
        options.put("--out", out.toString());
        for (int i = 0; i < replacements.length; i += 2) {
            if (replacements[i + 1] == null) {
                options.remove(replacements[i]);
            } else {
                options.put(replacements[i], replacements[i + 1]);
            }
        }
        List<String> args = new ArrayList<>();
        options.forEach((k, v) -> {
            args.add(k);
            args.add(v);
        });
        return CommandRun.of(args.toArray(new String[0]));
    }

    private static void assertRejected(CommandRun run, String expected) throws Exception {
        assertEquals(PrepareCommand.USER_ERROR, run.exitCode(), run.err());
        assertTrue(run.oneLineError(), "not one clean line: " + run.err());
        assertTrue(run.err().contains(expected), "expected «" + expected + "» in: " + run.err());
        assertFalse(SyntheticSources.anythingWritten(out), "something was written next to " + out);
    }

    @Test
    void theOldPartitionOptionNamesItsNewName() throws Exception {
        assertRejected(prepare("--partition", "dirichlet"), "--partition was renamed --shares");
        assertRejected(prepare("--shares", null, "--partition", "iid"), "--partition was renamed --shares");
    }

    @Test
    void moreClientsThanSamples() throws Exception {
        assertRejected(prepare("--clients", "601", "--min-samples", "1"), "cannot give 601 clients 1 samples each"
                + " (--clients × --min-samples = 601), but only 600 training samples are available");
    }

    @Test
    void moreClientsTimesMinSamplesThanSamples() throws Exception {
        assertRejected(prepare("--clients", "10"), "cannot give 10 clients 64 samples each (--clients × --min-samples"
                + " = 640), but only 600 training samples are available");
    }

    @Test
    void holdoutLeavesTooFew() throws Exception {
        assertRejected(prepare("--clients", "9", "--server-holdout", "50"), "(--clients × --min-samples = 576), but"
                + " only 550 training samples are available after the server holdout of 50");
    }

    @Test
    void validationNegativeOrLeavingTooFew() throws Exception {
        assertRejected(prepare("--validation", "-1"), "--validation must be 0 or more, got -1");
        assertRejected(prepare("--clients", "9", "--server-holdout", "20", "--validation", "30"),
                "only 550 training samples are available after the server holdout of 20 and the validation split"
                        + " of 30");
        assertRejected(prepare("--server-holdout", "300", "--validation", "301"),
                "--server-holdout 300 and --validation 301 together exceed the 600 training samples");
    }

    @Test
    void unknownDataset() throws Exception {
        assertRejected(prepare("--dataset", "imagenet"),
                "--dataset: unknown dataset 'imagenet': expected one of fashion-mnist, mnist, cifar10");
    }

    @Test
    void unknownShareScheme() throws Exception {
        assertRejected(prepare("--shares", "random"),
                "--shares: unknown share scheme 'random': expected one of iid, dirichlet, shards");
    }

    @Test
    void betaZeroOrNegative() throws Exception {
        for (String beta : new String[] {"0", "-0.5", "NaN", "Infinity"}) {
            assertRejected(prepare("--beta", beta), "--beta must be a positive finite number (the Dirichlet"
                    + " concentration; smaller is more skewed), got " + Double.parseDouble(beta));
        }
    }

    @Test
    void betaWithAnotherShareScheme() throws Exception {
        assertRejected(prepare("--shares", "iid", "--beta", "0.1"),
                "--beta 0.1 is only used with --shares dirichlet, not iid");
    }

    @Test
    void notANumber() throws Exception {
        assertRejected(prepare("--clients", "ten"), "--clients must be an integer, got 'ten'");
        assertRejected(prepare("--beta", "half"), "--beta must be a number, got 'half'");
    }

    @Test
    void requiredOptionsMissing() throws Exception {
        assertRejected(prepare("--seed", null), "--seed is required: any integer; the same seed gives the same split");
        assertRejected(prepare("--out", null), "--out is required");
        assertRejected(prepare("--clients", null), "--clients is required");
        assertRejected(prepare("--dataset", "cifar10", "--source", null), "--source is required for cifar10");
    }

    @Test
    void unknownOption() throws Exception {
        assertRejected(prepare("--client", "3"), "unknown option '--client'");
    }

    @Test
    void outputInsideTheSource() throws Exception {
        assertRejected(prepare("--out", src.resolve("prepared").toString()), "must lie outside --source");
    }

    @Test
    void helpPrintsUsageAndSucceeds() {
        CommandRun run = CommandRun.of("--help");
        assertEquals(0, run.exitCode());
        assertTrue(run.out().startsWith("usage: cutmixsl prepare --dataset fashion-mnist|mnist|cifar10"), run.out());
    }
}
