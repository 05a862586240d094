package org.cutmixsl.spark.study;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.apache.spark.sql.Row;
import org.cutmixsl.common.io.Location;
import org.cutmixsl.common.math.MeanInterval;

/**
 * The verdicts of a study or a compare: per variant (within a regime, N and share scheme), the mean, sample sd and
 * 95% confidence interval (Student t) of final test accuracy over seeds, beside the byte columns; and head to head,
 * the paired difference by seed with its 95% interval, called better or worse only where it excludes 0
 * ({@link MeanInterval#verdict()}). Written as comparison.csv and head-to-head.csv.
 */
public final class Comparison {

    /** Per-variant table, relative to the study folder. */
    public static final String CSV = "comparison.csv";
    /** Pairs table, relative to the study folder. */
    public static final String HEAD_TO_HEAD_CSV = "head-to-head.csv";

    /** comparison.csv's columns: the six first, then where, how it was tuned, and the costs. */
    public static final String HEADER = "method,seeds,test_accuracy_mean,test_accuracy_sd,test_accuracy_ci95_low,"
            + "test_accuracy_ci95_high,regime,clients,shares,lr,warmup_steps,validation_accuracy_mean,rounds,"
            + "up_mb_per_client_round,down_mb_per_client_round,sync_mb_total,comm_mb_total,seconds_per_round,"
            + "server_steps_per_round,validation_target,seeds_reaching_validation_target,"
            + "rounds_to_validation_target_mean,up_mb_per_client_to_validation_target_mean,"
            + "up_mb_per_client_to_validation_target_ci95_low,up_mb_per_client_to_validation_target_ci95_high";

    /** head-to-head.csv's columns. */
    public static final String HEAD_TO_HEAD_HEADER = "regime,clients,shares,method,counterpart,seeds,"
            + "difference_mean,difference_ci95_low,difference_ci95_high,verdict";

    /**
     * A variant in one place.
     *
     * @param regime regime name
     * @param clients N
     * @param shares share scheme as shown
     * @param variant variant name
     */
    public record Key(String regime, int clients, String shares, String variant) {}

    /**
     * One variant's summary.
     *
     * @param key where
     * @param accuracy test accuracy over seeds
     * @param accuracyBySeed seed → test accuracy
     * @param validation validation accuracy over seeds
     * @param lr the learning rate (NaN when the seeds differ)
     * @param warmupSteps the warm-up (-1 when the seeds differ)
     * @param rounds rounds
     * @param costs up and down MB per client per round, sync MB, all MB, seconds per round (means over seeds) and
     *     server steps per round
     * @param toTarget what reaching the study's validation target took
     */
    public record Line(Key key, MeanInterval accuracy, Map<Long, Double> accuracyBySeed, MeanInterval validation,
                       double lr, int warmupSteps, int rounds, double[] costs, ToTarget toTarget) {}

    /**
     * Reaching the study's validation target ({@code study.validationTarget}), over the seeds that reached it.
     *
     * @param target the validation accuracy (NaN: the study has none)
     * @param reached how many seeds reached it
     * @param rounds the mean first evaluated round at which they did (an evaluation round, so as fine as eval.every)
     * @param upMbPerClient the uplink MB per client they sent by then
     */
    public record ToTarget(double target, int reached, double rounds, MeanInterval upMbPerClient) {}

    /**
     * One head-to-head pair.
     *
     * @param mine the variant
     * @param theirs its counterpart
     * @param difference mine − theirs by seed
     */
    public record Pair(Key mine, Key theirs, MeanInterval difference) {}

    private final List<Line> lines;
    private final List<Pair> pairs;

    private Comparison(List<Line> lines, List<Pair> pairs) {
        this.lines = List.copyOf(lines);
        this.pairs = List.copyOf(pairs);
    }

    /** @return per-variant lines, in the results table's order */
    public List<Line> lines() {
        return lines;
    }

    /** @return head-to-head pairs */
    public List<Pair> pairs() {
        return pairs;
    }

    /**
     * @param rows the results table ({@link ResultsTable#COLUMNS}), one row per reported run
     * @param variantPairs [variant, counterpart] names
     * @return the comparison
     */
    public static Comparison of(List<Row> rows, List<List<String>> variantPairs) {
        Map<Key, List<Row>> byKey = new LinkedHashMap<>();
        for (Row r : rows) {
            Key key = new Key(r.getAs("regime"), (Integer) r.getAs("clients"), r.getAs("shares"), r.getAs("variant"));
            byKey.computeIfAbsent(key, k -> new ArrayList<>()).add(r);
        }
        List<Line> lines = new ArrayList<>();
        Map<Key, Line> index = new LinkedHashMap<>();
        for (Map.Entry<Key, List<Row>> e : byKey.entrySet()) {
            Map<Long, Double> bySeed = new LinkedHashMap<>();
            List<Double> validation = new ArrayList<>();
            Set<Double> lrs = new LinkedHashSet<>();
            Set<Integer> warmups = new LinkedHashSet<>();
            String[] costColumns = {"up_mb_per_client_round", "down_mb_per_client_round", "sync_mb_total"};
            // up, down per client per round; sync, all traffic in MB; seconds per round; server steps per round
            double[] costs = new double[6];
            int rounds = 0;
            double target = Double.NaN;
            List<Double> roundsToTarget = new ArrayList<>();
            List<Double> upToTarget = new ArrayList<>();
            for (Row r : e.getValue()) {
                target = number(r, "validation_target");
                if (!Double.isNaN(number(r, "up_mb_per_client_to_validation_target"))) {
                    roundsToTarget.add(number(r, "rounds_to_validation_target"));
                    upToTarget.add(number(r, "up_mb_per_client_to_validation_target"));
                }
                bySeed.put(r.getAs("seed"), number(r, "test_accuracy"));
                validation.add(number(r, "validation_accuracy"));
                lrs.add(r.getAs("lr"));
                warmups.add(r.getAs("warmup_steps"));
                for (int i = 0; i < costColumns.length; i++) {
                    costs[i] += number(r, costColumns[i]);
                }
                costs[3] += number(r, "up_mb_total") + number(r, "down_mb_total") + number(r, "sync_mb_total");
                costs[4] += number(r, "seconds_per_round");
                rounds = (Integer) r.getAs("rounds");
            }
            int n = e.getValue().size();
            for (int i = 0; i < 5; i++) {
                costs[i] /= n;
            }
            costs[5] = (Integer) e.getValue().get(0).getAs("server_steps_per_round");
            Line line = new Line(e.getKey(), MeanInterval.of95(new ArrayList<>(bySeed.values())), bySeed,
                    MeanInterval.of95(validation), lrs.size() == 1 ? lrs.iterator().next() : Double.NaN,
                    warmups.size() == 1 ? warmups.iterator().next() : -1, rounds, costs,
                    new ToTarget(target, upToTarget.size(),
                            roundsToTarget.stream().mapToDouble(Double::doubleValue).average().orElse(Double.NaN),
                            MeanInterval.of95(upToTarget)));
            lines.add(line);
            index.put(e.getKey(), line);
        }
        List<Pair> pairs = new ArrayList<>();
        for (Line line : lines) {
            for (List<String> p : variantPairs) {
                if (!p.get(0).equals(line.key().variant())) {
                    continue;
                }
                Key other = new Key(line.key().regime(), line.key().clients(), line.key().shares(), p.get(1));
                Line theirs = index.get(other);
                if (theirs == null) {
                    continue;
                }
                List<Double> a = new ArrayList<>();
                List<Double> b = new ArrayList<>();
                for (Map.Entry<Long, Double> s : line.accuracyBySeed().entrySet()) {
                    Double t = theirs.accuracyBySeed().get(s.getKey());
                    if (t != null && !Double.isNaN(t) && !Double.isNaN(s.getValue())) {
                        a.add(s.getValue());
                        b.add(t);
                    }
                }
                pairs.add(new Pair(line.key(), other, MeanInterval.paired(a, b)));
            }
        }
        return new Comparison(lines, pairs);
    }

    private static double number(Row r, String column) {
        Object v = r.getAs(column);
        return v == null ? Double.NaN : ((Number) v).doubleValue();
    }

    /**
     * Writes comparison.csv and head-to-head.csv.
     *
     * @param dir the study (or compare) folder
     */
    public void write(Location dir) {
        StringBuilder csv = new StringBuilder(HEADER).append('\n');
        for (Line l : lines) {
            MeanInterval a = l.accuracy();
            csv.append(String.join(",", l.key().variant(), String.valueOf(a.n()), num(a.mean()), num(a.sd()),
                    num(a.low()), num(a.high()), l.key().regime(), String.valueOf(l.key().clients()), l.key().shares(),
                    Double.isNaN(l.lr()) ? "" : StudyConfig.trim(l.lr()),
                    l.warmupSteps() < 0 ? "" : String.valueOf(l.warmupSteps()), num(l.validation().mean()),
                    String.valueOf(l.rounds()), num(l.costs()[0]), num(l.costs()[1]), num(l.costs()[2]),
                    num(l.costs()[3]), num(l.costs()[4]), String.valueOf((int) l.costs()[5]),
                    num(l.toTarget().target()), Double.isNaN(l.toTarget().target()) ? ""
                            : String.valueOf(l.toTarget().reached()), num(l.toTarget().rounds()),
                    num(l.toTarget().upMbPerClient().mean()), num(l.toTarget().upMbPerClient().low()),
                    num(l.toTarget().upMbPerClient().high()))).append('\n');
        }
        StringBuilder h2h = new StringBuilder(HEAD_TO_HEAD_HEADER).append('\n');
        for (Pair p : pairs) {
            MeanInterval d = p.difference();
            h2h.append(String.join(",", p.mine().regime(), String.valueOf(p.mine().clients()), p.mine().shares(),
                    p.mine().variant(), p.theirs().variant(), String.valueOf(d.n()), num(d.mean()), num(d.low()),
                    num(d.high()), d.verdict())).append('\n');
        }
        dir.resolve(CSV).writeText(csv.toString());
        dir.resolve(HEAD_TO_HEAD_CSV).writeText(h2h.toString());
    }

    private static String num(double v) {
        return Double.isNaN(v) ? "" : String.format(Locale.ROOT, "%.6g", v);
    }

    /** @param out the table and the head-to-head verdicts, as the console shows them */
    public void print(PrintStream out) {
        boolean places = lines.stream().map(l -> List.of(l.key().regime(), l.key().clients(), l.key().shares()))
                .distinct().count() > 1;
        out.println(String.format(Locale.ROOT, "%-22s %5s %9s %7s %19s %8s %6s %10s %10s %9s", "method", "seeds",
                "accuracy", "sd", "95% CI", "lr", "warmup", "up MB/c/r", "dn MB/c/r", "s/round"));
        for (Line l : lines) {
            MeanInterval a = l.accuracy();
            String name = l.key().variant() + (places ? " [" + place(l.key()) + "]" : "");
            out.println(String.format(Locale.ROOT, "%-22s %5d %9s %7s %19s %8s %6s %10.4f %10.4f %9.3f", name,
                    a.n(), a.n() == 0 ? "–" : String.format(Locale.ROOT, "%.2f%%", 100 * a.mean()), Double.isNaN(a.sd()) ? "–" : String.format(Locale.ROOT, "%.2f", 100 * a.sd()),
                    Double.isNaN(a.low()) ? "–" : String.format(Locale.ROOT, "[%.2f, %.2f]", 100 * a.low(),
                            100 * a.high()), Double.isNaN(l.lr()) ? "mixed" : StudyConfig.trim(l.lr()),
                    l.warmupSteps() < 0 ? "mixed" : String.valueOf(l.warmupSteps()), l.costs()[0], l.costs()[1],
                    l.costs()[4]));
        }
        if (lines.stream().anyMatch(l -> !Double.isNaN(l.toTarget().target()))) {
            out.println();
            out.println("uplink per client to the validation target (over the seeds that reached it):");
            for (Line l : lines) {
                ToTarget t = l.toTarget();
                MeanInterval up = t.upMbPerClient();
                out.println(String.format(Locale.ROOT, "  %-22s %.2f%%: %d of %d seeds, round %s, %s MB%s",
                        l.key().variant() + (places ? " [" + place(l.key()) + "]" : ""), 100 * t.target(), t.reached(),
                        l.accuracy().n(),
                        Double.isNaN(t.rounds()) ? "–" : String.format(Locale.ROOT, "%.0f", t.rounds()),
                        Double.isNaN(up.mean()) ? "–" : String.format(Locale.ROOT, "%.2f", up.mean()),
                        Double.isNaN(up.low()) ? ""
                                : String.format(Locale.ROOT, " [%.2f, %.2f]", up.low(), up.high())));
            }
        }
        if (!pairs.isEmpty()) {
            out.println();
            out.println("head to head (paired by seed; better or worse only where the 95% CI excludes 0):");
            for (Pair p : pairs) {
                MeanInterval d = p.difference();
                out.println(String.format(Locale.ROOT, "  %-12s vs %-12s%s %+7.2f points %s: %s", p.mine().variant(),
                        p.theirs().variant(), places ? " [" + place(p.mine()) + "]" : "", 100 * d.mean(),
                        Double.isNaN(d.low()) ? "" : String.format(Locale.ROOT, "[%+.2f, %+.2f]", 100 * d.low(),
                                100 * d.high()), d.verdict()));
            }
        }
    }

    private static String place(Key k) {
        return (Objects.requireNonNullElse(k.regime(), "").isEmpty() ? "" : k.regime() + ", ") + "N=" + k.clients()
                + ", " + k.shares();
    }
}
