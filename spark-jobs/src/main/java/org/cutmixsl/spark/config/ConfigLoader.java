package org.cutmixsl.spark.config;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigIncludeContext;
import com.typesafe.config.ConfigIncluder;
import com.typesafe.config.ConfigObject;
import com.typesafe.config.ConfigParseOptions;
import com.typesafe.config.ConfigResolveOptions;
import com.typesafe.config.ConfigValue;
import java.io.File;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import org.cutmixsl.common.io.Location;
import org.cutmixsl.spark.links.LinkProfiles;
import org.cutmixsl.spark.links.LinkValue;

/**
 * Loads a {@link TrainConfig}: the defaults (conf/defaults.conf, packed into the jar so spark-submit
 * needs no conf folder), then the user's file, then {@code --set key=value} overrides, each layer
 * winning over the one before. A key that the defaults do not know is refused, naming the key and where
 * it came from; a key that was renamed is refused naming its new name.
 */
public final class ConfigLoader {

    /** Classpath location of the packed defaults. */
    public static final String DEFAULTS_RESOURCE = "org/cutmixsl/spark/config/defaults.conf";

    /**
     * Keys that were renamed, old name to new. A user's file or {@code --set} giving the old name fails with a
     * message naming the new one; a run directory's recorded config.conf from before the rename is read with the
     * new name ({@link #loadRecorded}).
     */
    public static final Map<String, String> RENAMED_KEYS = Map.of("data.partition", "data.shares");

    private ConfigLoader() {}

    /**
     * @param configFile the user's file, or null for the defaults alone
     * @param overrides {@code key=value} strings, in order
     * @return the validated configuration
     * @throws IllegalArgumentException naming the bad key or file
     */
    public static TrainConfig load(String configFile, List<String> overrides) {
        if (configFile == null) {
            return load(null, null, overrides);
        }
        return load(parseFile(configFile), configFile, overrides);
    }

    /**
     * Parses a configuration file named by {@code --config}: a local path, or a URI on any Hadoop file system
     * ({@code hdfs://}, {@code s3a://}), so that a cluster deploy mode finds it. Its {@code include "other.conf"}
     * statements are read from the same folder.
     *
     * @param file the path or URI
     * @return its settings, unresolved
     * @throws IllegalArgumentException naming {@code --config} and the file when it is missing, unreadable or no HOCON
     */
    public static Config parseFile(String file) {
        Location location = shipped(file, Paths.get("").toAbsolutePath(), System.getProperties())
                .orElseGet(() -> Location.forOption("--config", file));
        try {
            if (!location.isFile()) {
                throw new IllegalArgumentException("--config " + file + ": no such readable file");
            }
            ConfigParseOptions options = ConfigParseOptions.defaults().setAllowMissing(false);
            if (location.isLocal()) {
                File local = location.localPath().toFile();
                if (!local.canRead()) {
                    throw new IllegalArgumentException("--config " + file + ": no such readable file");
                }
                return ConfigFactory.parseFile(local, options);
            }
            return parseRemote(location, options);
        } catch (ConfigException | UncheckedIOException e) {
            throw new IllegalArgumentException("--config " + file + ": " + e.getMessage(), e);
        }
    }

    /**
     * A {@code --config} that is the bare name of a file spark-submit shipped with {@code --files} (listed in
     * {@code spark.yarn.dist.files} or {@code spark.files}): the copy YARN put into the working directory of the
     * driver's container (cluster deploy mode), else the file where {@code --files} took it from (client deploy
     * mode, where the driver runs beside it). A plain name must not resolve against {@code fs.defaultFS}: the Hadoop
     * configuration YARN hands a container makes that HDFS, where the file is not.
     *
     * @param file the value of {@code --config}
     * @param workingDirectory the JVM's working directory
     * @param properties the system properties, where spark-submit put its settings
     * @return the shipped file, or empty when {@code file} names none
     */
    static Optional<Location> shipped(String file, Path workingDirectory, Properties properties) {
        if (file.isEmpty() || file.contains("/") || file.contains(":")) {
            return Optional.empty();
        }
        for (String key : List.of("spark.yarn.dist.files", "spark.files")) {
            for (String uri : properties.getProperty(key, "").split(",")) {
                String trimmed = uri.trim();
                String name = trimmed.substring(trimmed.lastIndexOf('/') + 1);
                // YARN's "#alias" names the copy in the container; without one the copy keeps the file's name.
                int hash = trimmed.lastIndexOf('#');
                String link = hash >= 0 ? trimmed.substring(hash + 1) : name;
                if (!trimmed.isEmpty() && link.equals(file)) {
                    Path copy = workingDirectory.resolve(file);
                    return Optional.of(Files.isRegularFile(copy) ? Location.of(copy.toUri().toString())
                            : Location.forOption("--config", hash >= 0 ? trimmed.substring(0, hash) : trimmed));
                }
            }
        }
        return Optional.empty();
    }

    /** A file on a Hadoop file system, its includes read from its folder there (a missing include is skipped, as HOCON does). */
    private static Config parseRemote(Location file, ConfigParseOptions options) {
        ConfigIncluder fromFolder = new ConfigIncluder() {
            @Override
            public ConfigIncluder withFallback(ConfigIncluder fallback) {
                return this;
            }

            @Override
            public ConfigObject include(ConfigIncludeContext context, String what) {
                Location included = file.parent().resolve(what);
                return included.isFile() ? parseRemote(included, options).root() : ConfigFactory.empty().root();
            }
        };
        return ConfigFactory.parseString(file.readText(), options.setOriginDescription(file.toString())
                .setIncluder(fromFolder));
    }

    /**
     * Loads a configuration from parsed settings (a run directory's config.conf, a study's run settings).
     *
     * @param user the user's settings, or null for the defaults alone
     * @param origin where they came from, for messages
     * @param overrides {@code key=value} strings, in order
     * @return the validated configuration
     * @throws IllegalArgumentException naming the bad key or origin
     */
    public static TrainConfig load(Config user, String origin, List<String> overrides) {
        Config defaults = defaults();
        Config merged = defaults;
        if (user != null) {
            rejectUnknownKeys(defaults, user, origin);
            merged = user.withFallback(merged);
        }
        for (String override : overrides) {
            int eq = override.indexOf('=');
            if (eq <= 0) {
                throw new IllegalArgumentException("--set " + override + ": expected key=value");
            }
            String key = override.substring(0, eq).trim();
            String value = override.substring(eq + 1).trim();
            Config single;
            try {
                single = ConfigFactory.parseString(key + " = " + quoteIfNeeded(value));
            } catch (ConfigException e) {
                throw new IllegalArgumentException("--set " + override + ": " + e.getMessage(), e);
            }
            rejectUnknownKeys(defaults, single, "--set");
            merged = single.withFallback(merged);
        }
        try {
            return new TrainConfig(merged.resolve(ConfigResolveOptions.defaults().setUseSystemEnvironment(false)));
        } catch (ConfigException e) {
            throw TrainConfig.explain(e);
        }
    }

    /**
     * Loads a run directory's config.conf, which the job wrote: a run recorded before a key was renamed holds the
     * old name, and is read as if it held the new one (the run stays attackable and exportable).
     *
     * @param recorded the config.conf text
     * @param origin where it came from, for messages
     * @param overrides {@code key=value} strings, in order
     * @return the validated configuration
     * @throws IllegalArgumentException naming the bad key or origin
     */
    public static TrainConfig loadRecorded(String recorded, String origin, List<String> overrides) {
        Config settings = ConfigFactory.parseString(recorded);
        for (Map.Entry<String, String> renamed : RENAMED_KEYS.entrySet()) {
            if (settings.hasPath(renamed.getKey()) && !settings.hasPath(renamed.getValue())) {
                settings = settings.withValue(renamed.getValue(), settings.getValue(renamed.getKey()))
                        .withoutPath(renamed.getKey());
            }
        }
        return load(settings, origin, overrides);
    }

    /** @return the packed defaults */
    public static Config defaults() {
        InputStream in = ConfigLoader.class.getClassLoader().getResourceAsStream(DEFAULTS_RESOURCE);
        if (in == null) {
            throw new IllegalStateException("defaults missing from the classpath: " + DEFAULTS_RESOURCE);
        }
        try (Reader reader = new InputStreamReader(in, StandardCharsets.UTF_8)) {
            return ConfigFactory.parseReader(reader);
        } catch (java.io.IOException e) {
            throw new IllegalStateException("cannot read " + DEFAULTS_RESOURCE, e);
        }
    }

    private static void rejectUnknownKeys(Config defaults, Config user, String origin) {
        List<String> unknown = new ArrayList<>();
        for (Map.Entry<String, ConfigValue> e : user.entrySet()) {
            String renamed = RENAMED_KEYS.get(e.getKey());
            if (renamed != null) {
                throw new IllegalArgumentException(origin + ": " + e.getKey() + " was renamed " + renamed);
            }
            if (!defaults.hasPathOrNull(e.getKey()) && !isDistributionField(e.getKey())) {
                unknown.add(e.getKey());
            }
        }
        if (!unknown.isEmpty()) {
            throw new IllegalArgumentException(origin + ": unknown configuration key" + (unknown.size() > 1 ? "s " : " ")
                    + String.join(", ", unknown) + " (every key is listed, with its meaning, in conf/defaults.conf)");
        }
    }

    /**
     * Keys whose value may be a distribution ({@code { dist = uniform, low = 5, high = 20 }}): their fields are not
     * in the defaults, where the value is a number, and are checked by {@link LinkValue#parse} instead.
     */
    private static boolean isDistributionField(String key) {
        for (String value : LinkProfiles.distributionKeys()) {
            if (key.startsWith(value + ".")) {
                return true;
            }
        }
        return false;
    }

    private static String quoteIfNeeded(String value) {
        // Bare words such as data/x or local[2] are not valid HOCON unquoted; numbers, booleans and objects (a
        // distribution such as {dist=uniform,low=5,high=20}) are.
        if (value.matches("-?[0-9.eE+-]+|true|false|\".*\"|\\{.*\\}")) {
            return value;
        }
        return "\"" + value.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }
}
