package org.cutmixsl.spark.study;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigParseOptions;
import com.typesafe.config.ConfigValue;
import java.io.File;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
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
     * One run of the study.
     *
     * @param id the run's name, its folder under runs/
     * @param variant the variant
     * @param variantIndex the variant's position (tables keep it)
     * @param clients N
     * @param shares the share scheme
     * @param seed the run's seed
     * @param config the run's whole configuration
     */
    public record PlannedRun(String id, Variant variant, int variantIndex, int clients, String shares, long seed,
                             TrainConfig config) {}

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
    private final Config runSettings;

    private StudyConfig(String source, Config study, Config runSettings) {
        this.source = source;
        this.runSettings = runSettings;
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
        seeds = nonEmpty(List.copyOf(study.getLongList("seeds")), "study.seeds");
        if (new HashSet<>(seeds).size() != seeds.size()) {
            throw new IllegalArgumentException(source + ": study.seeds " + seeds + " repeats a seed");
        }
        dataSeed = study.getLong("dataSeed");
        dataDir = study.getString("dataDir");
        attack = study.getBoolean("attack");
        learningRatePolicy = study.getString("learningRatePolicy");
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
        File f = new File(file);
        if (!f.isFile() || !f.canRead()) {
            throw new IllegalArgumentException("--config " + file + ": no such readable file");
        }
        Config parsed;
        try {
            parsed = ConfigFactory.parseFile(f, ConfigParseOptions.defaults().setAllowMissing(false));
        } catch (ConfigException e) {
            throw new IllegalArgumentException("--config " + file + ": " + e.getMessage(), e);
        }
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
            config = new StudyConfig(file, study.withFallback(defaults).resolve(), parsed.withoutPath("study"));
        } catch (ConfigException e) {
            throw new IllegalArgumentException(file + ": " + e.getMessage(), e);
        }
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
     * Every run of the sweep, in the order they run: clients, share scheme, seed, variant (so the first seed of
     * every variant finishes before the second begins).
     *
     * @param dataRoot where datasets are (the study's data folder, or {@code study.dataDir})
     * @return the runs
     */
    public List<PlannedRun> plan(String dataRoot) {
        List<PlannedRun> runs = new ArrayList<>();
        for (int n : clients) {
            for (String scheme : shares) {
                for (long seed : seeds) {
                    for (int v = 0; v < variants.size(); v++) {
                        Variant variant = variants.get(v);
                        TrainConfig c = runConfig(variant, n, scheme, seed, dataRoot);
                        runs.add(new PlannedRun(String.format(Locale.ROOT, "%s-n%d-%s-s%d", variant.name(), n,
                                sharesLabel(scheme, c), seed), variant, v, n, scheme, seed, c));
                    }
                }
            }
        }
        return runs;
    }

    /**
     * The configuration that prepares the dataset of (N, share scheme): the first variant's, with the data seed.
     *
     * @param n N
     * @param scheme the share scheme
     * @param dataRoot where datasets are
     * @return the configuration
     */
    public TrainConfig dataConfig(int n, String scheme, String dataRoot) {
        return runConfig(variants.get(0), n, scheme, dataSeed, dataRoot);
    }

    private TrainConfig runConfig(Variant variant, int n, String scheme, long seed, String dataRoot) {
        Config user = variant.settings().withFallback(runSettings);
        String origin = source + " (variant " + variant.name() + ", N = " + n + ", " + scheme + ", seed " + seed
                + ")";
        // The data folder depends on settings of the run configuration (dataset, holdout, β): resolve them first.
        TrainConfig probe = ConfigLoader.load(user, origin, List.of("method=" + variant.method(), "seed=" + seed,
                "clients.count=" + n, "data.shares=" + scheme));
        String dir = new File(dataRoot, String.format(Locale.ROOT, "%s-n%d-%s-h%d-d%d", probe.data.dataset, n,
                sharesLabel(scheme, probe), probe.data.serverHoldout, dataSeed)).getAbsolutePath();
        return ConfigLoader.load(user, origin, List.of("method=" + variant.method(), "seed=" + seed,
                "clients.count=" + n, "data.shares=" + scheme, "data.dir=" + dir));
    }

    /** @return the share scheme as run names and tables show it: iid, dirichlet-0.5, shards-2 */
    static String sharesLabel(String scheme, TrainConfig c) {
        return switch (scheme) {
            case "dirichlet" -> "dirichlet-" + trim(c.data.beta);
            case "shards" -> "shards-" + c.data.shardsPerClient;
            default -> scheme;
        };
    }

    private static String trim(double v) {
        return v == Math.rint(v) ? String.valueOf((long) v) : String.valueOf(v);
    }
}
