package org.cutmixsl.spark.report;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.cutmixsl.common.io.Location;
import org.cutmixsl.model.privacy.DpGuarantee;
import org.cutmixsl.spark.attack.ReconstructionAttack;
import org.cutmixsl.spark.round.MetricsCodec;
import org.cutmixsl.spark.round.RoundMetrics;
import org.cutmixsl.spark.run.RunDirectory;

/**
 * The report of one finished run (RUN_DIR/report.html, plots in RUN_DIR/plots): accuracy against round and
 * against cumulative uplink, distance correlation against round, the attack's grids (from RUN_DIR/attack) and
 * the tables under them.
 */
final class RunReport {

    private RunReport() {}

    static Location write(Location runDir) {
        if (!runDir.resolve(RunDirectory.SUCCESS).exists()) {
            throw new IllegalArgumentException("--run " + runDir + " is not a finished run (no " + RunDirectory.SUCCESS
                    + ")");
        }
        JsonNode summary = StudyReport.readJson(runDir.resolve("summary.json"));
        JsonNode attack = StudyReport.readJson(runDir.resolve(ReconstructionAttack.SUMMARY_JSON));
        List<RoundMetrics> metrics = MetricsCodec.read(runDir);
        Location plots = runDir.resolve("plots");
        plots.mkdirs();
        String method = summary.path("method").asText("?");
        Html html = new Html("CutMixSL run: " + runDir.name());
        html.h1("CutMixSL run: " + runDir.name() + " (" + method + ")");
        html.list(List.of(
                String.format(Locale.ROOT, "%d rounds, %d clients (%d per round), batch %d, seed %d; test accuracy on"
                                + " %s test images.", summary.path("rounds").asInt(), summary.path("clients").asInt(),
                        summary.path("clients_per_round").asInt(), summary.path("batch_size").asInt(),
                        summary.path("seed").asLong(), summary.path("test_images").asText("all")),
                "Privacy: " + summary.path("privacy").asText(""),
                "Determinism: " + summary.path("determinism").asText("")));
        JsonNode dp = summary.path("dp");
        if (!dp.isMissingNode()) {
            html.p("DP scope: " + dp.path("statement").asText(dp.path("covers").asText(DpGuarantee.COVERS))); // the statement ends with the scope
        }

        List<Double> rounds = new ArrayList<>();
        List<Double> accuracy = new ArrayList<>();
        List<Double> uplink = new ArrayList<>();
        List<Double> leakRounds = new ArrayList<>();
        List<Double> leakage = new ArrayList<>();
        List<List<String>> evaluated = new ArrayList<>();
        for (RoundMetrics m : metrics) {
            double a = m.testAccuracy();
            if (!Double.isNaN(a)) {
                rounds.add((double) m.round());
                accuracy.add(100 * a);
                uplink.add(m.bytesUpTotal() / 1e6);
                evaluated.add(List.of(Integer.toString(m.round()), Html.num(m.trainLoss(), 4), Html.num(100 * a, 2),
                        Html.num(100 * m.testAccuracyStd(), 2),
                        Html.num(m.bytesUpTotal() / 1e6, 2),
                        Html.num(m.bytesDownTotal() / 1e6, 2),
                        Html.num(m.bytesSyncTotal() / 1e6, 2),
                        Html.num(m.distanceCorrelation(), 3)));
            }
            double d = m.distanceCorrelation();
            if (!Double.isNaN(d)) {
                leakRounds.add((double) m.round());
                leakage.add(d);
            }
        }
        html.h2("Accuracy and communication");
        Plots.lines(plots.resolve("accuracy.png"), "Test accuracy", "round", "test accuracy (%)",
                List.of(new Plots.Line(method, 0, array(rounds), array(accuracy), null)), false);
        html.figure("plots/accuracy.png", "test accuracy against round", "Test accuracy against round.");
        Plots.lines(plots.resolve("accuracy-vs-uplink.png"), "Accuracy against cumulative uplink",
                "cumulative uplink (MB, all clients)", "test accuracy (%)",
                List.of(new Plots.Line(method, 0, array(uplink), array(accuracy), null)), false);
        html.figure("plots/accuracy-vs-uplink.png", "accuracy against cumulative uplink",
                "Test accuracy against the cumulative uplink bytes actually serialized"
                        + (summary.path("bytes").path("up_total").asLong() == 0 ? " (this method sends nothing)." : "."));
        html.table(List.of("round", "train loss", "accuracy (%)", "± over heads", "up MB total", "down MB total",
                "sync MB total", "dCor²"), evaluated, 0);

        html.h2("Leakage of what the server receives");
        Plots.lines(plots.resolve("distance-correlation.png"), "Distance correlation of images and received data",
                "round", "bias-corrected dCor²", List.of(new Plots.Line(method, 2, array(leakRounds), array(leakage),
                        null)), false);
        html.figure("plots/distance-correlation.png", "distance correlation against round",
                "Bias-corrected dCor² between clients' images and exactly what the server received (measured every"
                        + " privacy.every rounds).");
        html.note("Threat model of the attack: " + ReconstructionAttack.THREAT_MODEL);
        if (attack.isMissingNode()) {
            html.p("No attack results: run bin/cutmixsl attack --run " + runDir + ".");
        } else if (!attack.path("attacked").asBoolean()) {
            html.p("Attack: " + attack.path("reason").asText("nothing received"));
        } else {
            List<List<String>> rows = new ArrayList<>();
            html.open("grids");
            for (JsonNode r : attack.path("results")) {
                rows.add(List.of(r.path("round").asText(), r.path("head").asText(), r.path("clients").asText(),
                        r.path("n_images").asText(), Html.num(r.path("mse").asDouble(), 5),
                        Html.num(r.path("psnr").asDouble(), 2), Html.num(r.path("ssim").asDouble(), 3)));
                String grid = "attack/" + r.path("grid").asText();
                if (runDir.resolve(grid).isFile()) {
                    html.figure(grid, "reconstructions, round " + r.path("round").asText(),
                            String.format(Locale.ROOT, "Round %s, head %s: originals above, reconstructions below"
                                            + " (PSNR %.2f dB, SSIM %.3f).", r.path("round").asText(),
                                    r.path("head").asText(), r.path("psnr").asDouble(), r.path("ssim").asDouble()));
                }
            }
            html.close();
            html.table(List.of("round", "head", "clients", "images", "MSE", "PSNR (dB)", "SSIM"), rows, 3);
            html.note(String.format(Locale.ROOT, "Decoder: %d steps of %d holdout images (%d in the holdout).",
                    attack.path("decoder").path("steps").asInt(), attack.path("decoder").path("batch_size").asInt(),
                    attack.path("decoder").path("holdout_images").asInt()));
        }
        Location report = runDir.resolve("report.html");
        report.writeText(html.render());
        return report;
    }

    private static double[] array(List<Double> values) {
        double[] out = new double[values.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = values.get(i);
        }
        return out;
    }
}
