package org.cutmixsl.spark.method;

import java.util.List;
import java.util.Locale;
import org.cutmixsl.spark.config.TrainConfig;
import org.cutmixsl.spark.heads.FedAvgHeads;
import org.cutmixsl.spark.heads.HeadPolicy;
import org.cutmixsl.spark.heads.PerClientHeads;

/** The one place that maps a method's configuration name to its implementation. */
public final class SplitMethods {

    /** Every method name, in the order comparisons list them. */
    public static final List<String> NAMES =
            List.of("centralized", "sl", "psl", "sfl", "mixsl", "cutmixsl", "dp-cutmixsl");

    private SplitMethods() {}

    /**
     * @param config the run's configuration
     * @param sampleCounts each client's training-sample count (FedAvg weights)
     * @return the configured method
     */
    public static SplitMethod create(TrainConfig config, int[] sampleCounts) {
        HeadPolicy configuredHeads = config.headAggregateEvery == 0
                ? new PerClientHeads()
                : new FedAvgHeads(config.headAggregateEvery, sampleCounts);
        switch (config.method) {
            case "centralized":
                return new Centralized(config.clientsPerRound);
            case "sl":
                return new VanillaSL(config.encoding);
            case "psl":
                return new ParallelSL(config.encoding);
            case "sfl":
                return new SplitFed(config.encoding, sampleCounts);
            case "mixsl":
                return new MixSL(config.encoding, configuredHeads, config.plan);
            case "cutmixsl":
                return new CutMixSL("cutmixsl", config.encoding, configuredHeads, config.plan);
            case "dp-cutmixsl":
                return DpCutMixSL.create(config, configuredHeads, sampleCounts);
            default:
                throw new IllegalArgumentException("method = \"" + config.method + "\": unknown method; expected one of "
                        + NAMES);
        }
    }

    /**
     * Checks a method name early, before any data is read.
     *
     * @param name the configured name
     */
    public static void validateName(String name) {
        if (!NAMES.contains(name.toLowerCase(Locale.ROOT))) {
            throw new IllegalArgumentException("method = \"" + name + "\": unknown method; expected one of " + NAMES);
        }
    }
}
