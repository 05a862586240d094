package org.cutmixsl.spark.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.MissingNode;
import org.cutmixsl.common.math.MeanInterval;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.cutmixsl.common.io.Location;
import org.cutmixsl.model.privacy.DpGuarantee;
import org.cutmixsl.spark.attack.ReconstructionAttack;
import org.cutmixsl.spark.heads.PerClientHeads;
import org.cutmixsl.spark.method.SplitMethods;
import org.cutmixsl.spark.round.Drops;
import org.cutmixsl.spark.round.MetricsCodec;
import org.cutmixsl.spark.round.RoundMetrics;
import org.cutmixsl.spark.study.ResultsTable;
import org.cutmixsl.spark.study.Study;

/**
 * The report of a study (STUDY_DIR/report.html and STUDY_DIR/plots/*.png) from its results table and the runs'
 * own files: test accuracy against round (mean and spread over seeds), final accuracy against the number of
 * clients, accuracy against cumulative uplink and, with simulated links, against simulated time with the time and
 * uplink to the target accuracy, distance correlation, PSNR and SSIM per variant, the reconstruction
 * grids, and the tables; the budget, the learning-rate policy, the attack's threat model and the DP scope stated.
 */
final class StudyReport {

    private static final ObjectMapper JSON = new ObjectMapper();

    private StudyReport() {}

    /** One run of the study, as the report reads it. */
    record Run(Map<String, String> row, List<RoundMetrics> metrics, JsonNode summary, JsonNode attack, Location dir) {
        String get(String column) {
            return row.get(column);
        }

        /** The regime; "" in studies without regimes and in results.csv written before regimes. */
        String regime() {
            return row.getOrDefault("regime", "");
        }

        /** The share scheme; results.csv written before the rename calls that column "partition". */
        String shares() {
            return row.containsKey("shares") ? row.get("shares") : row.get("partition");
        }

        double num(String column) {
            return Table.number(row, column);
        }

        boolean sends() {
            return num("up_mb_total") > 0;
        }

        /** @return whether the run simulated its clients' links (results.csv written before has no such column) */
        boolean simulated() {
            return !Double.isNaN(num("sim_seconds_total"));
        }
    }

    /** The (regime, clients, share scheme) combination a set of runs has in common. */
    record Combo(String regime, int clients, String shares) {
        String label() {
            return (regime.isEmpty() ? "" : regime + ", ") + "N = " + clients + ", " + shares;
        }

        String file() {
            return (regime.isEmpty() ? "" : regime + "-") + "n" + clients + "-" + shares;
        }
    }

    static Location write(Location studyDir) {
        Location csv = studyDir.resolve(ResultsTable.CSV);
        if (!csv.isFile()) {
            throw new IllegalArgumentException("--study " + studyDir + " has no " + ResultsTable.CSV
                    + ": run bin/cutmixsl study --config FILE --out " + studyDir + " first");
        }
        JsonNode study = readJson(studyDir.resolve(Study.STUDY_JSON));
        List<Run> runs = new ArrayList<>();
        for (Map<String, String> row : Table.read(csv).rows()) {
            Location dir = studyDir.resolve(row.get("run_dir"));
            List<RoundMetrics> metrics = MetricsCodec.read(dir);
            runs.add(new Run(row, metrics, readJson(dir.resolve("summary.json")),
                    readJson(dir.resolve(ReconstructionAttack.SUMMARY_JSON)), dir));
        }
        if (runs.isEmpty()) {
            throw new IllegalArgumentException(csv + " holds no runs");
        }
        Location plots = studyDir.resolve("plots");
        plots.mkdirs();

        Map<String, Integer> variants = new LinkedHashMap<>();
        Set<Combo> combos = new LinkedHashSet<>();
        Set<String> schemes = new LinkedHashSet<>();
        for (Run r : runs) {
            variants.putIfAbsent(r.get("variant"), variants.size());
            combos.add(new Combo(r.regime(), Integer.parseInt(r.get("clients")), r.shares()));
            schemes.add(r.regime().isEmpty() ? r.shares() : r.regime() + "/" + r.shares());
        }
        String name = study.path("name").asText(studyDir.name());
        Html html = new Html("CutMixSL study: " + name);
        html.h1("CutMixSL study: " + name);
        setup(html, study, runs, variants, combos);
        ComparisonSection.write(html, studyDir, runs.stream().map(Run::row).toList(), plots);

        html.h2("Accuracy");
        for (Combo combo : combos) {
            accuracyFigure(html, plots, runs, variants, combo, XAxis.ROUND);
        }
        for (String scheme : schemes) {
            String file = "accuracy-vs-clients-" + scheme + ".png";
            Plots.lines(plots.resolve(file), "Final test accuracy against N, " + scheme, "number of clients N",
                    "test accuracy (%)", clientLines(runs, variants, scheme), logClients(combos));
            html.figure("plots/" + file, "final accuracy against the number of clients, " + scheme,
                    "Final test accuracy against the number of clients N (clients per round fixed): mean and spread"
                            + " over seeds.");
        }
        html.h2("Accuracy against communication");
        for (Combo combo : combos) {
            accuracyFigure(html, plots, runs, variants, combo, XAxis.UPLINK_MB);
        }

        if (runs.stream().anyMatch(Run::simulated)) {
            simulatedTime(html, study, runs, variants, combos, plots);
        }

        html.h2("Leakage of what the server receives");
        List<String> senders = new ArrayList<>();
        for (String v : variants.keySet()) {
            if (runs.stream().anyMatch(r -> r.get("variant").equals(v) && r.sends())) {
                senders.add(v);
            }
        }
        String[][] leakage = {
            {"distance_correlation", "Distance correlation (bias-corrected dCor²)", "dCor² of images and received data", "leakage-dcor.png"},
            {"attack_psnr", "Reconstruction attack: PSNR (dB), higher = more leakage", "PSNR (dB)", "leakage-psnr.png"},
            {"attack_ssim", "Reconstruction attack: SSIM, higher = more leakage", "SSIM", "leakage-ssim.png"}};
        for (String[] l : leakage) {
            Plots.bars(plots.resolve(l[3]), l[1], l[2], leakageBars(runs, senders, combos, l[0]));
            html.figure("plots/" + l[3], l[1], l[1] + ": mean over seeds per variant and setting, error bars one"
                    + " standard deviation; centralized sends nothing and is not shown.");
        }
        html.note("Threat model of the attack: " + ReconstructionAttack.THREAT_MODEL);
        html.note("Centralized: " + ReconstructionAttack.NOTHING_RECEIVED + ". MixSL mixes at the server, so the"
                + " server receives each client's full smashed data, like PSL and SFL.");

        html.h3("Reconstructions (originals above, the server's reconstructions below)");
        html.open("grids");
        for (String v : senders) {
            for (Run r : runs) {
                if (!r.get("variant").equals(v) || !r.attack().path("attacked").asBoolean()) {
                    continue;
                }
                JsonNode first = r.attack().path("results").path(0);
                Location grid = r.dir().resolve("attack").resolve(first.path("grid").asText());
                if (grid.isFile()) {
                    String file = "grid-" + r.get("run_id") + ".png";
                    plots.resolve(file).writeBytes(grid.readBytes());
                    html.figure("plots/" + file, "reconstructions of " + r.get("run_id"), String.format(Locale.ROOT,
                            "%s (round %d, head %s, clients %s): PSNR %.2f dB, SSIM %.3f over %d images", r.get("run_id"),
                            first.path("round").asInt(), first.path("head").asText(), first.path("clients").asText(),
                            first.path("psnr").asDouble(), first.path("ssim").asDouble(),
                            first.path("n_images").asInt()));
                }
                break;
            }
        }
        html.close();

        html.h2("Tables");
        html.h3("Per variant and setting (mean ± standard deviation over seeds)");
        html.table(List.of("variant", "method", "heads", "N", "shares", "seeds", "accuracy (%)",
                "± over heads (%)", "up MB/client/round", "down MB/client/round", "sync MB/client/round",
                "uplink MB total", "dCor²", "PSNR (dB)", "SSIM", "ε", "s/round"), aggregated(runs, variants, combos), 5);
        html.h3("Head to head: CutMixSL against its counterpart (same N, shares and seeds)");
        html.note("Per-client heads compare with PSL, heads averaged every round (CutMixSFL) with SFL, DP-CutMixSL with"
                + " the CutMixSL variant of the same head policy. Differences of means; uplink as a ratio.");
        html.table(List.of("setting", "variant", "against", "Δ accuracy (pt)", "uplink ratio", "Δ dCor²",
                "Δ PSNR (dB)", "Δ SSIM"), headToHead(runs, variants, combos), 3);
        html.h3("Every run");
        List<List<String>> all = new ArrayList<>();
        for (Run r : runs) {
            all.add(List.of(r.get("run_id"), r.get("heads"), Html.num(100 * r.num("test_accuracy"), 2),
                    Html.num(100 * r.num("test_accuracy_std"), 2), Html.num(r.num("up_mb_per_client_round"), 4),
                    Html.num(r.num("down_mb_per_client_round"), 4), Html.num(r.num("sync_mb_per_client_round"), 4),
                    Html.num(r.num("distance_correlation"), 3), Html.num(r.num("attack_psnr"), 2),
                    Html.num(r.num("attack_ssim"), 3), Html.num(r.num("epsilon"), 2),
                    Html.num(r.num("seconds_per_round"), 2)));
        }
        html.table(List.of("run", "heads", "accuracy (%)", "± over heads", "up MB/c/r", "down MB/c/r", "sync MB/c/r",
                "dCor²", "PSNR", "SSIM", "ε", "s/round"), all, 2);
        html.note("The same table with every column: results.csv and results.parquet in this folder.");

        Location report = studyDir.resolve("report.html");
        report.writeText(html.render());
        return report;
    }

    private static void setup(Html html, JsonNode study, List<Run> runs, Map<String, Integer> variants,
                              Set<Combo> combos) {
        Run first = runs.get(0);
        TreeSet<String> seeds = new TreeSet<>();
        for (Run r : runs) {
            seeds.add(r.get("seed"));
        }
        html.h2("Setup");
        List<String> items = new ArrayList<>();
        boolean regimes = combos.stream().anyMatch(c -> !c.regime().isEmpty());
        items.add(String.format(Locale.ROOT, "%d runs of %d variants in %d settings (%s), seeds %s.", runs.size(),
                variants.size(), combos.size(), regimes ? "regime, clients, shares" : "clients, shares", seeds));
        items.add(String.format(Locale.ROOT, "Budget: %s, %s clients per round, each processing one minibatch of %s"
                        + " per round (equal rounds at equal per-client batch). Centralized makes as many optimiser"
                        + " steps of that batch per round as there are clients per round, so it sees as many images"
                        + " but takes more optimiser steps.", rounds(runs), first.get("clients_per_round"),
                first.get("batch_size")));
        items.add("Learning-rate policy: " + study.path("learning_rate_policy").asText("not recorded")
                + String.format(Locale.ROOT, " (server lr %s, client lr %s, AdamW with warm-up and cosine decay).",
                        study.path("server_lr").asText("?"), study.path("client_lr").asText("?")));
        items.add("Test accuracy on " + first.get("test_images") + " test images, unpunched, after the last round."
                + " With per-client heads it is the mean over a seeded sample of at most eval.maxClients clients'"
                + " heads; the spread over those heads is the \"± over heads\" column.");
        items.add("Communication: bytes of the serialized records actually sent, per client per round and in total;"
                + " sync is FedAvg of heads (and hand-over for sl).");
        StringBuilder legend = new StringBuilder("Variants: ");
        for (String v : variants.keySet()) {
            Run r = runs.stream().filter(x -> x.get("variant").equals(v)).findFirst().orElseThrow();
            legend.append(v).append(" (").append(r.get("method")).append(", heads ").append(r.get("heads"))
                    .append("); ");
        }
        items.add(legend.substring(0, legend.length() - 2) + ".");
        html.list(items);
        for (Run r : runs) {
            JsonNode dp = r.summary().path("dp");
            if (!dp.isMissingNode()) {
                html.p("DP scope: " + dp.path("statement").asText(dp.path("covers").asText(DpGuarantee.COVERS))); // the statement ends with the scope
                break;
            }
        }
    }

    /**
     * @return "N rounds for every run", or, where regimes set their own, the rounds of each regime: a study's
     *     regimes may differ in length (the regime study's low-data regime runs 340 rounds, its full-data one 200)
     */
    static String rounds(List<Run> runs) {
        Map<String, Set<String>> byRegime = new LinkedHashMap<>();
        Set<String> all = new TreeSet<>();
        for (Run r : runs) {
            byRegime.computeIfAbsent(r.regime(), k -> new TreeSet<>()).add(r.get("rounds"));
            all.add(r.get("rounds"));
        }
        if (all.size() == 1) {
            return all.iterator().next() + " rounds for every run";
        }
        List<String> parts = new ArrayList<>();
        for (Map.Entry<String, Set<String>> e : byRegime.entrySet()) {
            parts.add((e.getKey().isEmpty() ? "no regime" : e.getKey()) + " " + String.join(" or ", e.getValue()));
        }
        return "rounds by regime: " + String.join(", ", parts);
    }

    /** What the accuracy curves are plotted against, read from a round's metrics, and how the figure says it. */
    private enum XAxis {
        ROUND("accuracy-", "Test accuracy", "round", "test accuracy against round",
                "Test accuracy against round: mean over seeds, error bars one standard deviation over seeds."),
        UPLINK_MB("accuracy-vs-uplink-", "Accuracy against cumulative uplink", "cumulative uplink (MB, all clients)",
                "accuracy against cumulative uplink MB", "Test accuracy against the cumulative uplink bytes actually"
                        + " serialized (mean over seeds); centralized sends nothing and is not shown."),
        SIM_SECONDS("accuracy-vs-time-", "Accuracy against simulated time", "cumulative simulated seconds",
                "accuracy against simulated seconds", "Test accuracy against cumulative simulated seconds at each"
                        + " evaluation (mean over seeds; error bars one standard deviation of accuracy over seeds).");

        private final String file;
        private final String title;
        private final String label;
        private final String alt;
        private final String caption;

        XAxis(String file, String title, String label, String alt, String caption) {
            this.file = file;
            this.title = title;
            this.label = label;
            this.alt = alt;
            this.caption = caption;
        }

        double of(RoundMetrics m) {
            return switch (this) {
                case ROUND -> m.round();
                case UPLINK_MB -> m.bytesUpTotal() / 1e6;
                case SIM_SECONDS -> m.simSecondsTotal();
            };
        }

        /** @return whether a variant's runs have this axis (centralized sends nothing; runs without links no time) */
        boolean has(Run r) {
            return switch (this) {
                case ROUND -> true;
                case UPLINK_MB -> r.sends();
                case SIM_SECONDS -> r.simulated();
            };
        }
    }

    /** One plot of test accuracy per variant against the axis, in one setting, and its figure on the page. */
    private static void accuracyFigure(Html html, Location plots, List<Run> runs, Map<String, Integer> variants,
                                       Combo combo, XAxis axis) {
        String file = axis.file + combo.file() + ".png";
        Plots.lines(plots.resolve(file), axis.title + ", " + combo.label(), axis.label, "test accuracy (%)",
                accuracyLines(runs, variants, combo, axis), false);
        html.figure("plots/" + file, axis.alt + ", " + combo.label(), axis.caption);
    }

    private static List<Plots.Line> accuracyLines(List<Run> runs, Map<String, Integer> variants, Combo combo,
                                                  XAxis axis) {
        List<Plots.Line> lines = new ArrayList<>();
        for (Map.Entry<String, Integer> v : variants.entrySet()) {
            List<Run> seeds = select(runs, v.getKey(), combo);
            if (seeds.isEmpty() || !axis.has(seeds.get(0))) {
                continue;
            }
            List<Integer> rounds = new ArrayList<>();
            for (RoundMetrics m : seeds.get(0).metrics()) {
                if (!Double.isNaN(m.testAccuracy())) {
                    rounds.add(m.round());
                }
            }
            double[] x = new double[rounds.size()];
            double[] y = new double[rounds.size()];
            double[] e = new double[rounds.size()];
            for (int i = 0; i < rounds.size(); i++) {
                List<Double> accuracy = new ArrayList<>();
                List<Double> at = new ArrayList<>();
                for (Run r : seeds) {
                    RoundMetrics m = atRound(r.metrics(), rounds.get(i));
                    accuracy.add(m == null ? Double.NaN : 100 * m.testAccuracy());
                    at.add(m == null ? Double.NaN : axis.of(m));
                }
                MeanInterval a = MeanInterval.of95(accuracy);
                x[i] = MeanInterval.of95(at).mean();
                y[i] = a.mean();
                e[i] = spread(a);
            }
            lines.add(new Plots.Line(v.getKey(), v.getValue(), x, y, e));
        }
        return lines;
    }

    /**
     * The section of studies with simulated links: per setting (a link profile, as a regime), accuracy against
     * cumulative simulated seconds, and a table of the simulated time and the uplink MB to the target accuracy with
     * their 95% intervals over the seeds that reached it, beside how many did, and the client-rounds dropped.
     */
    private static void simulatedTime(Html html, JsonNode study, List<Run> runs, Map<String, Integer> variants,
                                      Set<Combo> combos, Location plots) {
        html.h2("Accuracy against simulated time");
        List<String> profiles = new ArrayList<>();
        for (JsonNode r : study.path("regimes")) {
            profiles.add(r.path("name").asText() + ": " + r.path("settings").asText());
        }
        if (!profiles.isEmpty()) {
            html.p("Settings (regimes), each on top of the study's run settings:");
            html.list(profiles);
        }
        html.note("Simulated seconds from measured quantities: each transfer's Kryo-measured bytes over the client's"
                + " link plus its latency, each client's measured compute times its compute factor, the server's"
                + " measured step; parallel methods wait for the slowest client they keep (README \"Link profiles and"
                + " simulated time\"). Training does not depend on the link; a deadline decides who drops.");
        for (Combo combo : combos) {
            if (select(runs, combo).stream().anyMatch(Run::simulated)) {
                accuracyFigure(html, plots, runs, variants, combo, XAxis.SIM_SECONDS);
            }
        }
        html.h3("Time and uplink to the target accuracy");
        html.note("Per variant and setting: how many seeds reached the target (the first evaluation whose test"
                + " accuracy reached it), and over those seeds the simulated seconds and the cumulative uplink MB"
                + " (all clients) at that evaluation, mean [95% CI]; a seed that never reached it is counted in"
                + " \"reached\", never averaged in. Final accuracy and total simulated seconds are over every seed."
                + " Dropped: the share of drawn client-rounds that dropped, by reason (metrics.csv's dropped"
                + " column): dropout (the seeded draw), straggler (its upload missed the deadline, or a CutMix group"
                + " mate's did) and failure (its task failed for good), mean over seeds.");
        List<List<String>> rows = new ArrayList<>();
        for (Combo combo : combos) {
            for (String v : variants.keySet()) {
                List<Run> seeds = select(runs, v, combo);
                if (seeds.isEmpty() || !seeds.get(0).simulated()) {
                    continue;
                }
                List<Run> reached = seeds.stream().filter(r -> !Double.isNaN(r.num("sim_seconds_to_target"))).toList();
                double[] dropped = new double[DROP_COLUMNS.size()];
                for (Run r : seeds) {
                    double[] shares = dropShares(r);
                    for (int i = 0; i < dropped.length; i++) {
                        dropped[i] += shares[i] / seeds.size();
                    }
                }
                rows.add(List.of(combo.label(), v, Html.num(100 * seeds.get(0).num("target_accuracy"), 1),
                        reached.size() + "/" + seeds.size(),
                        MeanInterval.of95(values(reached, "sim_seconds_to_target")).format(1, 1),
                        MeanInterval.of95(values(reached, "up_mb_to_target")).format(1, 1),
                        MeanInterval.of95(values(seeds, "test_accuracy")).format(100, 2),
                        MeanInterval.of95(values(seeds, "sim_seconds_total")).format(1, 1),
                        Html.num(100 * dropped[0], 1), Html.num(100 * dropped[1], 1), Html.num(100 * dropped[2], 1)));
            }
        }
        html.table(List.of("setting", "variant", "target (%)", "reached", "sim. seconds to target",
                "uplink MB to target", "final accuracy (%)", "sim. seconds in total", "dropout (%)",
                "stragglers (%)", "failures (%)"), rows, 2);
    }

    /** The drop reasons of the table's columns: dropout; a straggler (late, or a late group mate); failure. */
    private static final List<List<String>> DROP_COLUMNS = List.of(List.of(Drops.DROPOUT),
            List.of(Drops.DEADLINE, Drops.GROUP), List.of(Drops.FAILURE));

    /** @return the run's dropped client-rounds by {@link #DROP_COLUMNS}, as shares of its drawn client-rounds */
    private static double[] dropShares(Run run) {
        double[] shares = new double[DROP_COLUMNS.size()];
        for (RoundMetrics m : run.metrics()) {
            for (String reason : Drops.parse(m.dropped()).values()) {
                for (int i = 0; i < shares.length; i++) {
                    if (DROP_COLUMNS.get(i).contains(reason)) {
                        shares[i] += 1 / run.num("client_rounds");
                    }
                }
            }
        }
        return shares;
    }

    private static List<Plots.Line> clientLines(List<Run> runs, Map<String, Integer> variants, String scheme) {
        TreeSet<Integer> ns = new TreeSet<>();
        for (Run r : runs) {
            if (place(r).equals(scheme)) {
                ns.add(Integer.parseInt(r.get("clients")));
            }
        }
        List<Plots.Line> lines = new ArrayList<>();
        for (Map.Entry<String, Integer> v : variants.entrySet()) {
            double[] x = new double[ns.size()];
            double[] y = new double[ns.size()];
            double[] e = new double[ns.size()];
            int i = 0;
            for (int n : ns) {
                String regime = scheme.contains("/") ? scheme.substring(0, scheme.indexOf('/')) : "";
                String shares = scheme.substring(scheme.indexOf('/') + 1);
                MeanInterval s = MeanInterval.of95(values(select(runs, v.getKey(), new Combo(regime, n, shares)),
                        "test_accuracy"));
                x[i] = n;
                y[i] = 100 * s.mean();
                e[i] = 100 * spread(s);
                i++;
            }
            lines.add(new Plots.Line(v.getKey(), v.getValue(), x, y, e));
        }
        return lines;
    }

    private static boolean logClients(Set<Combo> combos) {
        int min = Integer.MAX_VALUE;
        int max = 0;
        for (Combo c : combos) {
            min = Math.min(min, c.clients());
            max = Math.max(max, c.clients());
        }
        return max >= 10L * min;
    }

    private static List<Plots.Bars> leakageBars(List<Run> runs, List<String> variants, Set<Combo> combos,
                                               String column) {
        List<Plots.Bars> bars = new ArrayList<>();
        int colour = 0;
        for (Combo combo : combos) {
            double[] y = new double[variants.size()];
            double[] e = new double[variants.size()];
            for (int i = 0; i < variants.size(); i++) {
                MeanInterval s = MeanInterval.of95(values(select(runs, variants.get(i), combo), column));
                y[i] = s.mean();
                e[i] = spread(s);
            }
            bars.add(new Plots.Bars(combo.label(), colour++ + 2, variants, y, e));
        }
        return bars;
    }

    private static List<List<String>> aggregated(List<Run> runs, Map<String, Integer> variants, Set<Combo> combos) {
        List<List<String>> rows = new ArrayList<>();
        for (Combo combo : combos) {
            for (String v : variants.keySet()) {
                List<Run> seeds = select(runs, v, combo);
                if (seeds.isEmpty()) {
                    continue;
                }
                Run r = seeds.get(0);
                rows.add(List.of(v, r.get("method"), r.get("heads"), String.valueOf(combo.clients()), combo.shares(),
                        String.valueOf(seeds.size()),
                        Html.meanStd(MeanInterval.of95(values(seeds, "test_accuracy")), 100, 2),
                        Html.num(100 * MeanInterval.of95(values(seeds, "test_accuracy_std")).mean(), 2),
                        Html.meanStd(MeanInterval.of95(values(seeds, "up_mb_per_client_round")), 1, 4),
                        Html.meanStd(MeanInterval.of95(values(seeds, "down_mb_per_client_round")), 1, 4),
                        Html.meanStd(MeanInterval.of95(values(seeds, "sync_mb_per_client_round")), 1, 4),
                        Html.meanStd(MeanInterval.of95(values(seeds, "up_mb_total")), 1, 2),
                        Html.meanStd(MeanInterval.of95(values(seeds, "distance_correlation")), 1, 3),
                        Html.meanStd(MeanInterval.of95(values(seeds, "attack_psnr")), 1, 2),
                        Html.meanStd(MeanInterval.of95(values(seeds, "attack_ssim")), 1, 3),
                        Html.meanStd(MeanInterval.of95(values(seeds, "epsilon")), 1, 2),
                        Html.meanStd(MeanInterval.of95(values(seeds, "seconds_per_round")), 1, 2)));
            }
        }
        return rows;
    }

    private static List<List<String>> headToHead(List<Run> runs, Map<String, Integer> variants, Set<Combo> combos) {
        List<List<String>> rows = new ArrayList<>();
        for (Combo combo : combos) {
            for (String v : variants.keySet()) {
                List<Run> mine = select(runs, v, combo);
                if (mine.isEmpty()) {
                    continue;
                }
                String method = mine.get(0).get("method");
                String heads = mine.get(0).get("heads");
                SplitMethods.Traits traits = SplitMethods.traits(method);
                if (traits == null || !traits.cutMix()) {
                    continue; // this table compares the CutMix methods only
                }
                String against = variantOf(runs, traits.counterpart(heads.equals(PerClientHeads.DESCRIPTION)),
                        traits.counterpartHasTheSameHeads() ? heads : null, combo);
                if (against == null) {
                    continue;
                }
                List<Run> other = select(runs, against, combo);
                rows.add(List.of(combo.label(), v, against,
                        Html.num(100 * (mean(mine, "test_accuracy") - mean(other, "test_accuracy")), 2),
                        Html.num(mean(mine, "up_mb_total") / mean(other, "up_mb_total"), 3),
                        Html.num(mean(mine, "distance_correlation") - mean(other, "distance_correlation"), 3),
                        Html.num(mean(mine, "attack_psnr") - mean(other, "attack_psnr"), 2),
                        Html.num(mean(mine, "attack_ssim") - mean(other, "attack_ssim"), 3)));
            }
        }
        return rows;
    }

    /** @return the first variant of a method (and head policy, when given) in a setting, or null */
    private static String variantOf(List<Run> runs, String method, String heads, Combo combo) {
        for (Run r : runs) {
            if (r.get("method").equals(method) && (heads == null || r.get("heads").equals(heads))
                    && Integer.parseInt(r.get("clients")) == combo.clients()
                    && r.shares().equals(combo.shares())) {
                return r.get("variant");
            }
        }
        return null;
    }

    private static double mean(List<Run> runs, String column) {
        return MeanInterval.of95(values(runs, column)).mean();
    }

    /** @return "shares", or "regime/shares" in a study with regimes */
    private static String place(Run r) {
        return r.regime().isEmpty() ? r.shares() : r.regime() + "/" + r.shares();
    }

    /** @return every variant's runs in a setting */
    private static List<Run> select(List<Run> runs, Combo combo) {
        List<Run> out = new ArrayList<>();
        for (Run r : runs) {
            if (Integer.parseInt(r.get("clients")) == combo.clients() && r.shares().equals(combo.shares())
                    && r.regime().equals(combo.regime())) {
                out.add(r);
            }
        }
        return out;
    }

    private static List<Run> select(List<Run> runs, String variant, Combo combo) {
        return select(runs, combo).stream().filter(r -> r.get("variant").equals(variant)).toList();
    }

    private static List<Double> values(List<Run> runs, String column) {
        List<Double> out = new ArrayList<>();
        for (Run r : runs) {
            out.add(r.num(column));
        }
        return out;
    }

    private static RoundMetrics atRound(List<RoundMetrics> metrics, int round) {
        for (RoundMetrics m : metrics) {
            if (m.round() == round) {
                return m;
            }
        }
        return null;
    }

    static JsonNode readJson(Location file) {
        if (!file.isFile()) {
            return MissingNode.getInstance();
        }
        try {
            return JSON.readTree(file.readBytes());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    /** Error bar of a plot: the sample sd over seeds, 0 with one seed. */
    private static double spread(MeanInterval s) {
        return Double.isNaN(s.sd()) ? 0 : s.sd();
    }
}
