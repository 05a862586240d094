package org.cutmixsl.spark.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.cutmixsl.common.testing.Prerequisite;
import org.cutmixsl.spark.TinyStudy;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The report of the tiny study (and of one of its runs) opened in headless Chromium, offline: after the page has
 * loaded, every image is marked loaded by the page's own check (complete, with a natural width), the page fetched
 * nothing but its own files, and Chromium logged no failed resource. The same check run on the page without its
 * plots folder finds every image broken, so the check can fail.
 */
class ReportLoadsEveryImageInHeadlessChromium {

    private static final Pattern IMG = Pattern.compile("<img ");

    @TempDir
    Path scratch;

    @Test
    void studyReportShowsEveryPlotAndGrid() throws Exception {
        Path studyDir = TinyStudy.get().dir();
        Path report = Report.study(studyDir.toString()).localPath();
        String html = Files.readString(report);
        for (String plot : List.of("accuracy-n4-iid.png", "accuracy-vs-clients-iid.png",
                "accuracy-vs-uplink-n4-iid.png", "leakage-dcor.png", "leakage-psnr.png", "leakage-ssim.png",
                "grid-psl-n4-iid-s1.png", "grid-cutmixsl-n4-iid-s1.png")) {
            assertTrue(html.contains("src=\"plots/" + plot + "\""), plot);
            assertTrue(Files.size(studyDir.resolve("plots").resolve(plot)) > 1000, plot);
        }
        assertTrue(html.contains("Learning-rate policy: the same learning rates for every number of clients"), html);
        assertTrue(html.contains("honest-but-curious server"));
        // the verdicts: accuracy with its interval over seeds, and CutMixSL (per-client heads) against PSL
        assertTrue(html.contains("<h2>Comparison over seeds</h2>") && html.contains("95% CI"), html);
        assertTrue(html.matches("(?s).*<td class=\"text\">cutmixsl</td><td class=\"text\">psl</td>.*"
                + "(better|worse|no difference shown)</td>.*"), html);
        assertNoNetworkReference(html);
        int images = count(html);
        assertEquals(8, images);

        Loaded loaded = open(report);
        assertEquals(images + "/" + images, loaded.images(), loaded.dom());
        assertFalse(loaded.dom().contains("data-load=\"broken\""));
        assertEquals("", loaded.external(), "resources from outside the report's folder");
        assertFalse(loaded.log().contains("Failed to load resource"), loaded.log());
    }

    @Test
    void runReportShowsItsPlotsAndGrids() throws Exception {
        Path run = TinyStudy.get().dir().resolve("runs/cutmixsl-n4-iid-s1");
        Path report = Report.run(run.toString()).localPath();
        String html = Files.readString(report);
        assertNoNetworkReference(html);
        int images = count(html);
        assertEquals(3 + 2, images, "accuracy, accuracy against uplink, distance correlation, two grids");
        Loaded loaded = open(report);
        assertEquals(images + "/" + images, loaded.images(), loaded.dom());
        assertEquals("", loaded.external());
    }

    @Test
    void theCheckFindsImagesThatDoNotLoad() throws Exception {
        Path report = Report.study(TinyStudy.get().dir().toString()).localPath();
        Path alone = scratch.resolve("report.html");
        Files.copy(report, alone); // without its plots folder
        Loaded loaded = open(alone);
        int images = count(Files.readString(alone));
        assertEquals("0/" + images, loaded.images(), loaded.dom());
        assertTrue(loaded.dom().contains("Images that failed to load"));
    }

    private static void assertNoNetworkReference(String html) {
        for (String scheme : List.of("http://", "https://", "//cdn", "src=\"//", "href=\"//")) {
            assertFalse(html.contains(scheme), "the report refers to " + scheme);
        }
    }

    private static int count(String html) {
        Matcher m = IMG.matcher(html);
        int n = 0;
        while (m.find()) {
            n++;
        }
        return n;
    }

    /** The DOM after load, the page's own marks, and Chromium's log. */
    record Loaded(String dom, String images, String external, String log) {}

    private Loaded open(Path page) throws IOException, InterruptedException {
        String chromium = chromium();
        // bin/cutmixsl test installs it; under CI a missing browser is a failure, not a skipped test.
        String missing = "headless Chromium is missing: apt-get install chromium (bin/cutmixsl test installs it)";
        Prerequisite.require(chromium != null, missing);
        Path profile = Files.createTempDirectory(scratch, "chromium-profile");
        Path log = scratch.resolve("chromium-" + System.nanoTime() + ".log");
        List<String> command = new ArrayList<>(List.of(chromium, "--headless", "--no-sandbox", "--disable-gpu",
                "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update",
                "--disable-sync", "--user-data-dir=" + profile, "--enable-logging=stderr", "--v=0",
                "--virtual-time-budget=10000", "--dump-dom", page.toUri().toString()));
        Process p = new ProcessBuilder(command).redirectError(log.toFile()).start();
        byte[] dom = p.getInputStream().readAllBytes();
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("chromium did not finish in 120 s");
        }
        String text = new String(dom, StandardCharsets.UTF_8);
        assertEquals(0, p.exitValue(), "chromium failed: " + Files.readString(log));
        return new Loaded(text, attribute(text, "data-images"), attribute(text, "data-external"), Files.readString(log));
    }

    private static String attribute(String dom, String name) {
        Matcher m = Pattern.compile(name + "=\"([^\"]*)\"").matcher(dom);
        return m.find() ? m.group(1) : "(no " + name + ": the page's check did not run)";
    }

    private static String chromium() {
        for (String name : List.of("chromium", "chromium-browser", "google-chrome")) {
            for (String dir : System.getenv().getOrDefault("PATH", "/usr/bin").split(File.pathSeparator)) {
                File f = new File(dir, name);
                if (f.canExecute()) {
                    return f.getPath();
                }
            }
        }
        return null;
    }
}
