package org.cutmixsl.spark.method;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.cutmixsl.spark.config.TrainConfig;
import org.cutmixsl.spark.heads.FedAvgHeads;
import org.cutmixsl.spark.heads.HeadPolicy;
import org.cutmixsl.spark.heads.PerClientHeads;

/**
 * The one place that maps a method's configuration name to its implementation, and to what the name alone says
 * about it ({@link Traits}) for code that holds a name but no configuration: a results table, the bare loop.
 */
public final class SplitMethods {

    /** Every method name, in the order comparisons list them. */
    public static final List<String> NAMES =
            List.of("centralized", "sl", "psl", "sfl", "mixsl", "cutmixsl", "dp-cutmixsl");

    /** How the server builds its batch from a group's smashed data. */
    public enum Mixing {
        /** concatenated, unmixed (groups of one) */
        NONE,
        /** Mixup of full smashed data */
        MIXUP,
        /** CutMix of each client's share of patch tokens */
        CUTMIX
    }

    /** How a method keeps client heads, as far as its name fixes it. */
    public enum Heads {
        /** one model at the server (centralized) */
        POOLED,
        /** one head handed from client to client */
        HANDED_ON,
        /** each client its own, never averaged */
        PER_CLIENT,
        /** FedAvg every round */
        FEDAVG_EVERY_ROUND,
        /** as {@code heads.aggregateEvery} says: per client (0) or FedAvg every k rounds */
        CONFIGURED
    }

    /**
     * What a method's name says about it.
     *
     * @param name the configuration name
     * @param mixing how the server builds its batch
     * @param heads how heads are kept
     * @param transformsUploads whether clients clip or noise what they upload (DP)
     * @param counterpartWithPerClientHeads the method it is judged against head to head when its heads are per
     *     client, or null for a baseline
     * @param counterpartWithSharedHeads the same when its heads are averaged, or null for a baseline
     * @param counterpartHasTheSameHeads whether that counterpart is the variant with the same head policy
     */
    public record Traits(String name, Mixing mixing, Heads heads, boolean transformsUploads,
                         String counterpartWithPerClientHeads, String counterpartWithSharedHeads,
                         boolean counterpartHasTheSameHeads) {

        /** @return whether the server CutMixes (CutMixSL and DP-CutMixSL) */
        public boolean cutMix() {
            return mixing == Mixing.CUTMIX;
        }

        /**
         * @param perClientHeads whether this variant's clients keep heads of their own
         * @return the method it is judged against head to head (SPEC section 8), or null for a baseline
         */
        public String counterpart(boolean perClientHeads) {
            return perClientHeads ? counterpartWithPerClientHeads : counterpartWithSharedHeads;
        }
    }

    private static final Map<String, Traits> TRAITS = Map.of(
            "centralized", new Traits("centralized", Mixing.NONE, Heads.POOLED, false, null, null, false),
            "sl", new Traits("sl", Mixing.NONE, Heads.HANDED_ON, false, null, null, false),
            "psl", new Traits("psl", Mixing.NONE, Heads.PER_CLIENT, false, null, null, false),
            "sfl", new Traits("sfl", Mixing.NONE, Heads.FEDAVG_EVERY_ROUND, false, null, null, false),
            "mixsl", new Traits("mixsl", Mixing.MIXUP, Heads.CONFIGURED, false, "sfl", "sfl", false),
            "cutmixsl", new Traits("cutmixsl", Mixing.CUTMIX, Heads.CONFIGURED, false, "psl", "sfl", false),
            "dp-cutmixsl", new Traits("dp-cutmixsl", Mixing.CUTMIX, Heads.CONFIGURED, true, "cutmixsl", "cutmixsl",
                    true));

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
     * @param name a method name, as configured or as a results table holds it
     * @return what the name says about the method, or null for a name that is no method
     */
    public static Traits traits(String name) {
        return TRAITS.get(name.toLowerCase(Locale.ROOT));
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
