package org.cutmixsl.spark.study;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigValue;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.cutmixsl.common.io.Location;
import org.cutmixsl.spark.config.ConfigLoader;
import org.cutmixsl.spark.config.TrainConfig;
import org.cutmixsl.spark.method.SplitMethods;

/**
 * A study file: its {@code study { ... }} block (the sweep; keys and defaults in conf/study-defaults.conf, packed
 * into the jar) and the run settings every run starts from (the rest of the file, checked like any run
 * configuration). Immutable, validated when loaded: a bad key or value fails with a message naming it.
 */
public final class StudyConfig {

    /** Classpath location of the packed study defaults. */
    public static final String DEFAULTS_RESOURCE = "org/cutmixsl/spark/study/study-defaults.conf";

    private static final Set<String> VARIANT_KEYS = Set.of("name", "method", "set");

    /**
     * One variant of the sweep.
     *
     * @param name its name in run directories and results
     * @param method the split method
     * @param settings run settings of this variant only (may be empty)
     */
    public record Variant(String name, String method, Config settings) {}

    /**
     * A regime: run settings shared by some variants (a data size, a share scheme), compared within itself.
     *
     * @param name its name in run directories and results ("" for the study's one default regime)
     * @param settings run settings of this regime (may be empty)
     * @param variants the variants it runs (empty = every variant)
     * @param shares the share schemes it runs (empty = study.shares)
     */
    public record Regime(String name, Config settings, List<String> variants, List<String> shares) {}

    /**
     * One point of the tuning grid: the peak learning rate and warm-up of both optimisers.
     *
     * @param lr server.optim.lr and client.optim.lr
     * @param warmupSteps server.optim.warmupSteps and client.optim.warmupSteps
     */
    public record GridPoint(double lr, int warmupSteps) {
        /** @return its part of a run name, {@code lr0.002-wu10} */
        public String label() {
            return "lr" + trim(lr) + "-wu" + warmupSteps;
        }

        List<String> overrides() {
            return List.of("server.optim.lr=" + lr, "client.optim.lr=" + lr, "server.optim.warmupSteps=" + warmupSteps,
                    "client.optim.warmupSteps=" + warmupSteps);
        }
    }

    /**
     * What is compared across seeds: one variant in one regime, at one N and share scheme.
     *
     * @param variant the variant
     * @param variantIndex its position (tables keep it)
     * @param regime the regime
     * @param clients N
     * @param shares the share scheme
     */
    public record Cell(Variant variant, int variantIndex, Regime regime, int clients, String shares) {}

    /**
     * One run of the study.
     *
     * @param id the run's name, its folder under runs/
     * @param cell what it is a seed of
     * @param seed the run's seed
     * @param point its tuning grid point, or null when the study does not tune
     * @param config the run's whole configuration
     */
    public record PlannedRun(String id, Cell cell, long seed, GridPoint point, TrainConfig config) {
        /** @return the variant */
        public Variant variant() {
            return cell.variant();
        }

        /** @return N */
        public int clients() {
            return cell.clients();
        }

        /** @return the share scheme */
        public String shares() {
            return cell.shares();
        }
    }

    /** The study key before it became {@code shares}; given, it fails with a message naming the new one. */
    static final String RENAMED_PARTITIONS = "partitions";

    public final String source;
    public final String name;
    public final List<Variant> variants;
    public final List<Integer> clients;
    public final List<String> shares;
    public final List<Long> seeds;
    public final long dataSeed;
    public final String dataDir;
    public final boolean attack;
    public final String learningRatePolicy;
    public final List<Regime> regimes;
    /** Whether each cell's lr and warm-up are chosen on validation accuracy ({@code study.tune}). */
    public final boolean tune;
    public final List<GridPoint> grid;
    /** {@code study.tune.widenLr}: the lr ladder along which a cell's grid widens while its best lr is at an edge. */
    public final List<Double> lrLadder;
    /**
     * {@code study.validationTarget}: the validation accuracy at which each run's uplink is read (rounds and uplink MB
     * per client to reach it, from its metrics); NaN = none.
     */
    public final double validationTarget;
    /** Head-to-head pairs of variant names (mine, counterpart); empty in the file = derived from the methods. */
    public final List<List<String>> pairs;
    private final Config runSettings;
    private final List<String> overrides;
    /** Whether every run uses the data.dir of its configuration (compare) instead of one folder per cell. */
    private final boolean fixedDataDir;

    private StudyConfig(String source, Config study, Config runSettings, Integer seedCount, boolean forceTune,
                        List<String> overrides, boolean fixedDataDir) {
        this.source = source;
        this.fixedDataDir = fixedDataDir;
        this.runSettings = runSettings;
        this.overrides = List.copyOf(overrides);
        name = study.getString("name");
        List<Variant> vs = new ArrayList<>();
        Set<String> names = new HashSet<>();
        for (Config v : study.getConfigList("variants")) {
            for (Map.Entry<String, ConfigValue> e : v.root().entrySet()) {
                if (!VARIANT_KEYS.contains(e.getKey())) {
                    throw new IllegalArgumentException(source + ": study.variants: unknown key " + e.getKey()
                            + " (a variant has name, method and set { ... })");
                }
            }
            if (!v.hasPath("name") || !v.hasPath("method")) {
                throw new IllegalArgumentException(source + ": study.variants: every variant needs a name and a method,"
                        + " got " + v.root().render(com.typesafe.config.ConfigRenderOptions.concise()));
            }
            String n = v.getString("name");
            if (!n.matches("[a-z0-9][a-z0-9-]*")) {
                throw new IllegalArgumentException(source + ": study.variants: name \"" + n
                        + "\": expected lower-case letters, digits and dashes");
            }
            if (!names.add(n)) {
                throw new IllegalArgumentException(source + ": study.variants: the name " + n + " appears twice");
            }
            String method = v.getString("method").toLowerCase(Locale.ROOT);
            SplitMethods.validateName(method);
            Config settings = v.hasPath("set") ? v.getConfig("set") : ConfigFactory.empty();
            if (settings.hasPath("method")) {
                throw new IllegalArgumentException(source + ": study.variants: " + n
                        + " sets method inside set { }; give it as the variant's method");
            }
            vs.add(new Variant(n, method, settings));
        }
        if (vs.isEmpty()) {
            throw new IllegalArgumentException(source + ": study.variants is empty");
        }
        variants = List.copyOf(vs);
        List<Integer> ns = study.getIntList("clients");
        for (int n : ns) {
            if (n < 1) {
                throw new IllegalArgumentException(source + ": study.clients contains " + n + ": expected N ≥ 1");
            }
        }
        clients = nonEmpty(List.copyOf(ns), "study.clients");
        List<String> ps = new ArrayList<>();
        for (String p : study.getStringList("shares")) {
            String scheme = p.toLowerCase(Locale.ROOT);
            if (!List.of("iid", "dirichlet", "shards").contains(scheme)) {
                throw new IllegalArgumentException(source + ": study.shares contains \"" + p
                        + "\": expected iid, dirichlet or shards");
            }
            ps.add(scheme);
        }
        shares = nonEmpty(List.copyOf(ps), "study.shares");
        if (seedCount != null) {
            if (seedCount < 1) {
                throw new IllegalArgumentException("--seeds " + seedCount + ": expected at least 1");
            }
            List<Long> first = new ArrayList<>();
            for (long k = 1; k <= seedCount; k++) {
                first.add(k);
            }
            seeds = List.copyOf(first);
        } else {
            seeds = nonEmpty(List.copyOf(study.getLongList("seeds")), "study.seeds");
        }
        if (new HashSet<>(seeds).size() != seeds.size()) {
            throw new IllegalArgumentException(source + ": study.seeds " + seeds + " repeats a seed");
        }
        dataSeed = study.getLong("dataSeed");
        dataDir = study.getString("dataDir");
        attack = study.getBoolean("attack");
        learningRatePolicy = study.getString("learningRatePolicy");
        regimes = regimes(study, names);
        tune = forceTune || study.getBoolean("tune.enabled");
        List<GridPoint> points = new ArrayList<>();
        for (double lr : study.getDoubleList("tune.lr")) {
            if (!(lr > 0 && Double.isFinite(lr))) {
                throw new IllegalArgumentException(source + ": study.tune.lr contains " + lr + ": expected lr > 0");
            }
            for (int w : study.getIntList("tune.warmupSteps")) {
                if (w < 0) {
                    throw new IllegalArgumentException(source + ": study.tune.warmupSteps contains " + w
                            + ": expected ≥ 0");
                }
                points.add(new GridPoint(lr, w));
            }
        }
        if (tune && points.isEmpty()) {
            throw new IllegalArgumentException(source + ": study.tune: the grid is empty (study.tune.lr and"
                    + " study.tune.warmupSteps each need a value)");
        }
        grid = List.copyOf(points);
        lrLadder = lrLadder(source, study.getDoubleList("tune.widenLr"), study.getDoubleList("tune.lr"));
        validationTarget = study.getIsNull("validationTarget") ? Double.NaN : study.getDouble("validationTarget");
        if (!(Double.isNaN(validationTarget) || validationTarget > 0 && validationTarget < 1)) {
            throw new IllegalArgumentException(source + ": study.validationTarget = " + validationTarget
                    + ": expected an accuracy as a fraction, 0 < t < 1 (for example 0.75), or null");
        }
        List<List<String>> pairList = new ArrayList<>();
        for (Object pair : study.getList("pairs").unwrapped()) {
            if (!(pair instanceof List<?> l) || l.size() != 2 || !names.contains(String.valueOf(l.get(0)))
                    || !names.contains(String.valueOf(l.get(1)))) {
                throw new IllegalArgumentException(source + ": study.pairs contains " + pair
                        + ": expected [variant, counterpart], two variant names of this study " + names);
            }
            pairList.add(List.of(String.valueOf(l.get(0)), String.valueOf(l.get(1))));
        }
        pairs = List.copyOf(pairList);
    }

    private List<Regime> regimes(Config study, Set<String> variantNames) {
        List<Regime> rs = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (Config r : study.getConfigList("regimes")) {
            for (String key : r.root().keySet()) {
                if (!Set.of("name", "set", "variants", "shares").contains(key)) {
                    throw new IllegalArgumentException(source + ": study.regimes: unknown key " + key
                            + " (a regime has name, set { ... }, variants and shares)");
                }
            }
            String n = r.hasPath("name") ? r.getString("name") : "";
            if (!n.matches("[a-z0-9][a-z0-9-]*")) {
                throw new IllegalArgumentException(source + ": study.regimes: name \"" + n
                        + "\": expected lower-case letters, digits and dashes");
            }
            if (!seen.add(n)) {
                throw new IllegalArgumentException(source + ": study.regimes: the name " + n + " appears twice");
            }
            List<String> vs = r.hasPath("variants") ? r.getStringList("variants") : List.of();
            for (String v : vs) {
                if (!variantNames.contains(v)) {
                    throw new IllegalArgumentException(source + ": study.regimes: " + n + " lists the variant " + v
                            + ", which the study does not have " + variantNames);
                }
            }
            List<String> ss = r.hasPath("shares") ? r.getStringList("shares") : List.of();
            for (String sc : ss) {
                if (!List.of("iid", "dirichlet", "shards").contains(sc)) {
                    throw new IllegalArgumentException(source + ": study.regimes: " + n + " shares \"" + sc
                            + "\": expected iid, dirichlet or shards");
                }
            }
            rs.add(new Regime(n, r.hasPath("set") ? r.getConfig("set") : ConfigFactory.empty(), List.copyOf(vs),
                    List.copyOf(ss)));
        }
        if (rs.isEmpty()) {
            rs.add(new Regime("", ConfigFactory.empty(), List.of(), List.of()));
        }
        return List.copyOf(rs);
    }

    private <T> List<T> nonEmpty(List<T> list, String key) {
        if (list.isEmpty()) {
            throw new IllegalArgumentException(source + ": " + key + " is empty");
        }
        return list;
    }

    /**
     * Loads and checks a study file, including the configuration of every run it plans.
     *
     * @param file the study file
     * @return the study
     * @throws IllegalArgumentException naming the bad key, value or file
     */
    public static StudyConfig load(String file) {
        return load(file, null, false, List.of());
    }

    /**
     * Loads and checks a study file with command-line overrides.
     *
     * @param file the study file
     * @param seedCount {@code --seeds S}: seeds 1..S instead of study.seeds, or null
     * @param tune {@code --tune}: tune even where study.tune.enabled is false
     * @param overrides {@code --set key=value} run settings applied to every run, last
     * @return the study
     * @throws IllegalArgumentException naming the bad key, value or file
     */
    public static StudyConfig load(String file, Integer seedCount, boolean tune, List<String> overrides) {
        Config parsed = ConfigLoader.parseFile(file);
        Config defaults = defaults();
        Config study = parsed.hasPath("study") ? parsed.getConfig("study") : ConfigFactory.empty();
        List<String> unknown = new ArrayList<>();
        for (Map.Entry<String, ConfigValue> e : study.entrySet()) {
            String key = e.getKey();
            if (RENAMED_PARTITIONS.equals(key)) {
                throw new IllegalArgumentException(file + ": study." + RENAMED_PARTITIONS + " was renamed study.shares");
            }
            String top = key.contains(".") ? key.substring(0, key.indexOf('.')) : key;
            if (!defaults.hasPathOrNull(key) && !"variants".equals(top)) {
                unknown.add("study." + key);
            }
        }
        if (!unknown.isEmpty()) {
            throw new IllegalArgumentException(file + ": unknown study key" + (unknown.size() > 1 ? "s " : " ")
                    + String.join(", ", unknown) + " (every study key is listed, with its meaning, in"
                    + " conf/study-defaults.conf)");
        }
        StudyConfig config;
        try {
            config = new StudyConfig(file, study.withFallback(defaults).resolve(), parsed.withoutPath("study"), seedCount,
                    tune, overrides, false);
        } catch (ConfigException e) {
            throw new IllegalArgumentException(file + ": " + e.getMessage(), e);
        }
        config.checkTuning();
        List<PlannedRun> runs = config.plan("data");
        if (config.attack) {
            for (PlannedRun r : runs) {
                if (r.config().data.serverHoldout <= 0) {
                    throw new IllegalArgumentException(file + ": study.attack = true needs a server holdout for the"
                            + " attacker: set data.serverHoldout > 0 (for example 1000), or study.attack = false");
                }
            }
        }
        return config;
    }

    /**
     * {@code compare}: a study of one cell per method, at the N, share scheme and data folder of a plain run
     * configuration, over seeds 1..S, without the attack.
     *
     * @param file a run configuration (conf/compare-fmnist.conf), or null for the defaults
     * @param overrides {@code --set key=value}
     * @param methods the methods, each a variant of its own name
     * @param seedCount S
     * @param tune whether each method's lr and warm-up are chosen on validation accuracy
     * @return the study
     * @throws IllegalArgumentException naming the bad key, value, method or file
     */
    public static StudyConfig comparison(String file, List<String> overrides, List<String> methods, int seedCount,
                                         boolean tune) {
        TrainConfig base = ConfigLoader.load(file, overrides); // every key checked, with the file's name
        Config parsed = file == null ? ConfigFactory.empty() : ConfigLoader.parseFile(file);
        if (parsed.hasPath("study")) {
            throw new IllegalArgumentException("--config " + file + " is a study file: run it with bin/cutmixsl study");
        }
        List<Map<String, Object>> variants = new ArrayList<>();
        for (String m : methods) {
            SplitMethods.validateName(m);
            variants.add(Map.of("name", m.toLowerCase(Locale.ROOT), "method", m.toLowerCase(Locale.ROOT)));
        }
        Config study = ConfigFactory.parseMap(Map.of(
                "name", "compare" + (file == null ? "" : ": " + Location.of(file).name()),
                "variants", variants,
                "clients", List.of(base.clientCount),
                "shares", List.of(base.data.shares),
                "dataSeed", base.seed,
                "attack", false));
        String source = file == null ? "(defaults)" : file;
        StudyConfig config = new StudyConfig(source, study.withFallback(defaults()).resolve(), parsed, seedCount, tune,
                overrides, true);
        config.checkTuning();
        config.plan("data");
        return config;
    }

    /** @return the packed study defaults ({@code study { ... }}) */
    static Config defaults() {
        InputStream in = StudyConfig.class.getClassLoader().getResourceAsStream(DEFAULTS_RESOURCE);
        if (in == null) {
            throw new IllegalStateException("study defaults missing from the classpath: " + DEFAULTS_RESOURCE);
        }
        try (Reader reader = new InputStreamReader(in, StandardCharsets.UTF_8)) {
            return ConfigFactory.parseReader(reader).getConfig("study");
        } catch (java.io.IOException e) {
            throw new IllegalStateException("cannot read " + DEFAULTS_RESOURCE, e);
        }
    }

    /**
     * What the study compares, in the order it runs them: clients, share scheme, regime, variant.
     *
     * @return the cells
     */
    public List<Cell> cells() {
        List<Cell> cells = new ArrayList<>();
        for (int n : clients) {
            for (Regime regime : regimes) {
                for (String scheme : regime.shares().isEmpty() ? shares : regime.shares()) {
                    for (int v = 0; v < variants.size(); v++) {
                        Variant variant = variants.get(v);
                        if (regime.variants().isEmpty() || regime.variants().contains(variant.name())) {
                            cells.add(new Cell(variant, v, regime, n, scheme));
                        }
                    }
                }
            }
        }
        return cells;
    }

    /**
     * The runs known before anything runs, in the order they run. Without tuning: every cell at every seed, the
     * first seed of every cell before the second. With tuning: the grid of every cell at the first seed, with
     * {@code eval.test = false}; the other seeds follow at each cell's chosen point ({@link #run}).
     *
     * @param dataRoot where datasets are (the study's data folder, or {@code study.dataDir})
     * @return the runs
     */
    public List<PlannedRun> plan(String dataRoot) {
        List<PlannedRun> runs = new ArrayList<>();
        if (tune) {
            for (Cell cell : cells()) {
                for (GridPoint point : grid) {
                    runs.add(run(cell, seeds.get(0), point, dataRoot));
                }
            }
            return runs;
        }
        for (long seed : seeds) {
            for (Cell cell : cells()) {
                runs.add(run(cell, seed, null, dataRoot));
            }
        }
        return runs;
    }

    /**
     * One run of a cell.
     *
     * @param cell the cell
     * @param seed the seed
     * @param point the grid point, or null without tuning
     * @param dataRoot where datasets are
     * @return the run; a tuning run at the first seed never reads the test split ({@code eval.test = false})
     */
    public PlannedRun run(Cell cell, long seed, GridPoint point, String dataRoot) {
        List<String> extra = new ArrayList<>();
        if (point != null) {
            extra.addAll(point.overrides());
            if (seed == seeds.get(0)) {
                extra.add("eval.test=false");
            }
        }
        TrainConfig c = runConfig(cell, seed, dataRoot, extra);
        StringBuilder id = new StringBuilder(cell.variant().name());
        if (!cell.regime().name().isEmpty()) {
            id.append('-').append(cell.regime().name());
        }
        id.append(String.format(Locale.ROOT, "-n%d-%s-s%d", cell.clients(), sharesLabel(cell.shares(), c), seed));
        if (point != null) {
            id.append('-').append(point.label());
        }
        return new PlannedRun(id.toString(), cell, seed, point, c);
    }

    private static List<Double> lrLadder(String source, List<Double> ladder, List<Double> grid) {
        for (int i = 0; i < ladder.size(); i++) {
            double lr = ladder.get(i);
            if (!(lr > 0 && Double.isFinite(lr)) || i > 0 && !(lr > ladder.get(i - 1))) {
                throw new IllegalArgumentException(source + ": study.tune.widenLr = " + ladder
                        + ": expected learning rates > 0 in increasing order");
            }
        }
        if (!ladder.isEmpty()) {
            for (double lr : grid) {
                if (!ladder.contains(lr)) {
                    throw new IllegalArgumentException(source + ": study.tune.lr contains " + lr
                            + ", which is not on study.tune.widenLr " + ladder + ": the grid widens along that ladder");
                }
            }
        }
        return List.copyOf(ladder);
    }

    /** @return the warm-ups of the grid, in grid order */
    public List<Integer> warmups() {
        List<Integer> warmups = new ArrayList<>();
        for (GridPoint p : grid) {
            if (!warmups.contains(p.warmupSteps())) {
                warmups.add(p.warmupSteps());
            }
        }
        return warmups;
    }

    /**
     * Where a cell's grid widens: a best lr at the edge of the lrs tried says the best may lie beyond it, so the next
     * lr beyond that edge on {@link #lrLadder} is tried too (both neighbours when only one lr was tried).
     *
     * @param tried the lrs the cell's grid has tried
     * @param chosen the lr of its best run so far
     * @return the lrs to add (empty: the choice is inside the lrs tried, at the ladder's end, or there is no ladder)
     */
    public List<Double> widerLr(Collection<Double> tried, double chosen) {
        double lowest = Collections.min(tried);
        double highest = Collections.max(tried);
        List<Double> wider = new ArrayList<>();
        int at = lrLadder.indexOf(chosen);
        if (at < 0) {
            return wider;
        }
        if (chosen == lowest && at > 0) {
            wider.add(lrLadder.get(at - 1));
        }
        if (chosen == highest && at < lrLadder.size() - 1) {
            wider.add(lrLadder.get(at + 1));
        }
        return wider;
    }

    /** Tuning chooses on validation accuracy: every run needs a validation split. */
    private void checkTuning() {
        if (!tune) {
            return;
        }
        for (Cell cell : cells()) {
            TrainConfig c = runConfig(cell, seeds.get(0), "data", grid.get(0).overrides());
            if (c.data.validation <= 0) {
                throw new IllegalArgumentException(source + ": tuning chooses on validation accuracy, so every run"
                        + " needs a validation split: set data.validation > 0 (for example 5000)"
                        + (cell.regime().name().isEmpty() ? "" : " (regime " + cell.regime().name() + ")"));
            }
        }
    }

    /**
     * The configuration that prepares the dataset of a cell: its own, with the data seed. A tuned study does not
     * look at the test split here either ({@code eval.test = false}): the grid runs before it is needed.
     *
     * @param cell the cell
     * @param dataRoot where datasets are
     * @return the configuration
     */
    public TrainConfig dataConfig(Cell cell, String dataRoot) {
        return runConfig(cell, dataSeed, dataRoot, tune ? List.of("eval.test=false") : List.of());
    }

    private TrainConfig runConfig(Cell cell, long seed, String dataRoot, List<String> extra) {
        Variant variant = cell.variant();
        Config user = variant.settings().withFallback(cell.regime().settings()).withFallback(runSettings);
        String origin = source + " (variant " + variant.name()
                + (cell.regime().name().isEmpty() ? "" : ", regime " + cell.regime().name()) + ", N = "
                + cell.clients() + ", " + cell.shares() + ", seed " + seed + ")";
        List<String> sets = new ArrayList<>(List.of("method=" + variant.method(), "seed=" + seed,
                "clients.count=" + cell.clients(), "data.shares=" + cell.shares()));
        sets.addAll(overrides);
        sets.addAll(extra);
        // The data folder depends on settings of the run configuration (dataset, holdout, validation, β).
        TrainConfig probe = ConfigLoader.load(user, origin, sets);
        String dir = probe.data.dir;
        if (!fixedDataDir) {
            dir = Location.of(dataRoot).resolve(String.format(Locale.ROOT, "%s-n%d-%s-h%d%s-d%d", probe.data.dataset,
                    cell.clients(), sharesLabel(cell.shares(), probe), probe.data.serverHoldout,
                    probe.data.validation > 0 ? "-v" + probe.data.validation : "", dataSeed)).toString();
        }
        sets.add("data.dir=" + dir);
        return ConfigLoader.load(user, origin, sets);
    }

    /** @return the share scheme as run names and tables show it: iid, dirichlet-0.5, shards-2 */
    static String sharesLabel(String scheme, TrainConfig c) {
        return switch (scheme) {
            case "dirichlet" -> "dirichlet-" + trim(c.data.beta);
            case "shards" -> "shards-" + c.data.shardsPerClient;
            default -> scheme;
        };
    }

    /** @return a number as run names and tables show it: 0.0005, 0.3, 1 (never 5.0E-4 or 1.0) */
    public static String trim(double v) {
        return new java.math.BigDecimal(Double.toString(v)).stripTrailingZeros().toPlainString();
    }
}
