package org.cutmixsl.spark.report;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.cutmixsl.common.io.Location;
import org.cutmixsl.common.math.MeanInterval;
import org.cutmixsl.spark.study.Comparison;
import org.cutmixsl.spark.study.Tuning;

/**
 * The report's verdicts: test accuracy per method with its 95% confidence interval over seeds (comparison.csv),
 * the head-to-head pairs with their paired interval and verdict (head-to-head.csv; "better" only where the interval
 * excludes 0), the learning rate and warm-up each method was given and how (tuning.csv), and for DP variants,
 * accuracy against ε.
 */
final class ComparisonSection {

    private ComparisonSection() {}

    static void write(Html html, Location studyDir, List<Map<String, String>> runs, Location plots) {
        Location comparison = studyDir.resolve(Comparison.CSV);
        if (!comparison.isFile()) {
            return;
        }
        html.h2("Comparison over seeds");
        html.p("Final test accuracy per method: mean, sample standard deviation and 95% confidence interval"
                + " (Student t, n − 1 degrees of freedom) over seeds. The learning rate and warm-up are each method's"
                + " own, chosen on validation accuracy where the study tuned (below), else the configuration's.");
        List<Map<String, String>> methods = Table.read(comparison).rows();
        List<List<String>> rows = new ArrayList<>();
        for (Map<String, String> r : methods) {
            rows.add(List.of(r.get("method"), place(r), r.get("seeds"), pct(r, "test_accuracy_mean"),
                    pct(r, "test_accuracy_sd"), interval(r, "test_accuracy_ci95_low", "test_accuracy_ci95_high", 100),
                    pct(r, "validation_accuracy_mean"), r.get("lr"), r.get("warmup_steps"),
                    Html.num(Table.number(r, "up_mb_per_client_round"), 4),
                    Html.num(Table.number(r, "comm_mb_total"), 1)));
        }
        html.table(List.of("method", "regime, N, shares", "seeds", "test acc. (%)", "sd", "95% CI",
                "validation acc. (%)", "lr", "warm-up", "up MB/client/round", "total MB"), rows, 2);

        toTarget(html, methods);

        Location pairs = studyDir.resolve(Comparison.HEAD_TO_HEAD_CSV);
        List<Map<String, String>> pairRows = pairs.isFile() ? Table.read(pairs).rows() : List.of();
        if (!pairRows.isEmpty()) {
            html.h3("Head to head");
            html.p("The paired difference of final test accuracy by seed (method − counterpart), with its 95%"
                    + " confidence interval. A method is called better or worse only where that interval excludes 0;"
                    + " otherwise no difference is shown at this number of seeds.");
            List<List<String>> h2h = new ArrayList<>();
            for (Map<String, String> r : pairRows) {
                h2h.add(List.of(r.get("method"), r.get("counterpart"), place(r), r.get("seeds"),
                        signed(r, "difference_mean"), interval(r, "difference_ci95_low", "difference_ci95_high", 100),
                        r.get("verdict")));
            }
            html.table(List.of("method", "counterpart", "regime, N, shares", "seeds", "difference (points)",
                    "95% CI", "verdict"), h2h, 3);
        }

        Location tuning = studyDir.resolve(Tuning.CSV);
        if (tuning.isFile()) {
            html.h3("Tuning");
            html.p("Each grid point ran at the first seed without reading the test split (eval.test = false); the"
                    + " point with the best final validation accuracy was chosen, and only then was the chosen run's"
                    + " test accuracy computed.");
            List<List<String>> grid = new ArrayList<>();
            for (Map<String, String> r : Table.read(tuning).rows()) {
                grid.add(List.of(r.get("variant"), place(r), r.get("lr"), r.get("warmup_steps"),
                        pct(r, "validation_accuracy"), Boolean.parseBoolean(r.get("chosen")) ? "chosen" : ""));
            }
            html.table(List.of("method", "regime, N, shares", "lr", "warm-up", "validation acc. (%)", ""), grid, 2);
        }
        epsilonPlot(html, runs, plots);
    }

    /**
     * With a study's validation target (study.validationTarget): per method, how many seeds reached it, at which
     * evaluated round on average, and the uplink per client sent by then, with its 95% interval over those seeds.
     */
    private static void toTarget(Html html, List<Map<String, String>> comparison) {
        List<List<String>> rows = new ArrayList<>();
        for (Map<String, String> r : comparison) {
            if (Double.isNaN(Table.number(r, "validation_target"))) {
                continue;
            }
            rows.add(List.of(r.get("method"), place(r), pct(r, "validation_target"),
                    r.get("seeds_reaching_validation_target") + " of " + r.get("seeds"),
                    Html.num(Table.number(r, "rounds_to_validation_target_mean"), 0),
                    Html.num(Table.number(r, "up_mb_per_client_to_validation_target_mean"), 2),
                    interval(r, "up_mb_per_client_to_validation_target_ci95_low",
                            "up_mb_per_client_to_validation_target_ci95_high", 1)));
        }
        if (rows.isEmpty()) {
            return;
        }
        html.h3("Uplink to the validation target");
        html.p("The first evaluated round whose validation accuracy reaches the study's target, and the uplink MB per"
                + " client sent by then, over the seeds that reached it (read from each run's metrics, so as fine as"
                + " its eval.every). Validation, not test: tuned runs never evaluate the test split while they train.");
        html.table(List.of("method", "regime, N, shares", "target (%)", "seeds reaching it", "round (mean)",
                "uplink MB/client (mean)", "95% CI"), rows, 2);
    }

    /**
     * Accuracy against ε for the variants that state one (DP), mean and sd over seeds: one line per kind of record
     * ({@code dp.record}), since an ε for one image and an ε for one patch token are different guarantees.
     */
    private static void epsilonPlot(Html html, List<Map<String, String>> runs, Location plots) {
        EpsilonSweep sweep = epsilonSweep(runs);
        if (sweep == null) {
            return;
        }
        html.h3("Accuracy against ε");
        Plots.lines(plots.resolve("accuracy-vs-epsilon.png"), "Test accuracy against ε (δ as configured)", "ε",
                "test accuracy (%)", sweep.lines(), true);
        html.figure("plots/accuracy-vs-epsilon.png", "test accuracy against epsilon",
                "Final test accuracy of each DP variant against its ε (mean and sd over seeds), one line per kind of"
                        + " record (dp.record); a run without noise has no finite ε and appears in the comparison"
                        + " table only.");
        html.table(List.of("variant", "record", "ε", "test acc. (%) [95% CI]"), sweep.rows(), 1);
    }

    /** The ε plot's lines (one per kind of record, by ε) and its table's rows (one per variant). */
    record EpsilonSweep(List<Plots.Line> lines, List<List<String>> rows) {}

    /** @return the sweep of the DP variants with a finite ε; null when there is none */
    static EpsilonSweep epsilonSweep(List<Map<String, String>> runs) {
        Map<String, List<double[]>> byVariant = new LinkedHashMap<>();
        Map<String, String> recordOf = new LinkedHashMap<>();
        for (Map<String, String> r : runs) {
            double epsilon = Table.number(r, "epsilon");
            if (!Double.isNaN(epsilon) && !Double.isInfinite(epsilon)) {
                byVariant.computeIfAbsent(r.get("variant"), k -> new ArrayList<>())
                        .add(new double[] {epsilon, Table.number(r, "test_accuracy")});
                // results.csv written before the column: every DP run then had an image record
                String record = r.get("dp_record");
                recordOf.put(r.get("variant"), record == null || record.isEmpty() ? "image" : record);
            }
        }
        if (byVariant.isEmpty()) {
            return null;
        }
        Map<String, List<double[]>> byRecord = new LinkedHashMap<>();
        List<List<String>> rows = new ArrayList<>();
        for (Map.Entry<String, List<double[]>> e : byVariant.entrySet()) {
            List<Double> eps = new ArrayList<>();
            List<Double> acc = new ArrayList<>();
            for (double[] p : e.getValue()) {
                eps.add(p[0]);
                acc.add(p[1]);
            }
            MeanInterval a = MeanInterval.of95(acc);
            double epsilon = MeanInterval.of95(eps).mean();
            byRecord.computeIfAbsent(recordOf.get(e.getKey()), k -> new ArrayList<>())
                    .add(new double[] {epsilon, 100 * a.mean(), Double.isNaN(a.sd()) ? 0 : 100 * a.sd()});
            rows.add(List.of(e.getKey(), recordOf.get(e.getKey()), Html.num(epsilon, 2), a.format(100, 2)));
        }
        List<Plots.Line> lines = new ArrayList<>();
        for (Map.Entry<String, List<double[]>> e : byRecord.entrySet()) {
            List<double[]> points = e.getValue();
            points.sort((x, y) -> Double.compare(x[0], y[0]));
            double[] x = new double[points.size()];
            double[] y = new double[points.size()];
            double[] err = new double[points.size()];
            for (int i = 0; i < points.size(); i++) {
                x[i] = points.get(i)[0];
                y[i] = points.get(i)[1];
                err[i] = points.get(i)[2];
            }
            lines.add(new Plots.Line("one record = one " + (e.getKey().equals("token") ? "patch token" : e.getKey()),
                    lines.size(), x, y, err));
        }
        return new EpsilonSweep(lines, rows);
    }

    private static String place(Map<String, String> r) {
        String regime = r.getOrDefault("regime", "");
        return (regime == null || regime.isEmpty() ? "" : regime + ", ") + "N = " + r.get("clients") + ", "
                + r.get("shares");
    }

    private static String pct(Map<String, String> r, String column) {
        return Html.num(100 * Table.number(r, column), 2);
    }

    private static String signed(Map<String, String> r, String column) {
        double v = Table.number(r, column);
        return Double.isNaN(v) ? "–" : String.format(java.util.Locale.ROOT, "%+.2f", 100 * v);
    }

    /** @return [low, high] times {@code scale} (100 for a fraction shown in percent), or – when missing */
    private static String interval(Map<String, String> r, String low, String high, double scale) {
        double l = Table.number(r, low);
        double h = Table.number(r, high);
        return Double.isNaN(l) ? "–" : String.format(java.util.Locale.ROOT, "[%.2f, %.2f]", scale * l, scale * h);
    }
}
