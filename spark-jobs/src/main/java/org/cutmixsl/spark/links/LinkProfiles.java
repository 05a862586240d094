package org.cutmixsl.spark.links;

import com.typesafe.config.Config;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.cutmixsl.model.train.Seeds;

/**
 * Every client's {@link LinkProfile}, fixed when the configuration is loaded: from {@code clients.link}'s four
 * values (numbers, or distributions each client draws from with its own seeded generator, so the same seed gives
 * the same profiles whatever the order clients are asked for), or from the CSV trace {@code clients.link.trace}.
 * With every value at its default and no trace, nothing is simulated ({@link #simulated()} is false).
 */
public final class LinkProfiles implements Serializable {

    private static final long serialVersionUID = 1L;

    /** The configuration block. */
    public static final String PREFIX = "clients.link";

    /** The four values, in the order their streams are numbered. */
    static final String[] KEYS = {"uplinkMbps", "downlinkMbps", "latencyMs", "computeFactor"};

    private static final long LINK_STREAM = 0x6c696e6bL; // "link"

    /** No simulation: every client {@link LinkProfile#UNLIMITED}. */
    public static final LinkProfiles NONE = new LinkProfiles(new LinkProfile[0], false);

    private final LinkProfile[] profiles;
    private final boolean simulated;

    private LinkProfiles(LinkProfile[] profiles, boolean simulated) {
        this.profiles = profiles;
        this.simulated = simulated;
    }

    /**
     * @param profiles client k's profile at index k
     * @return those profiles, simulated
     */
    public static LinkProfiles of(LinkProfile... profiles) {
        return new LinkProfiles(profiles.clone(), true);
    }

    /**
     * Reads {@code clients.link}.
     *
     * @param c the resolved configuration
     * @param seed the run's seed
     * @param clients the number of clients
     * @return the clients' profiles, or {@link #NONE} when every value is at its default and there is no trace
     * @throws IllegalArgumentException naming the bad key, or the trace's bad line
     */
    public static LinkProfiles load(Config c, long seed, int clients) {
        String trace = c.getString(PREFIX + ".trace");
        LinkValue[] values = new LinkValue[KEYS.length];
        boolean atDefaults = true;
        for (int k = 0; k < KEYS.length; k++) {
            String key = PREFIX + "." + KEYS[k];
            values[k] = LinkValue.parse(c, key, k != 2);
            double unset = k == 3 ? 1 : 0;
            atDefaults &= values[k].isFixed() && values[k].a() == unset;
        }
        if (values[3].isFixed() && values[3].a() <= 0) {
            throw new IllegalArgumentException(PREFIX + ".computeFactor = " + values[3].a() + ": expected a number > 0");
        }
        if (!trace.isBlank()) {
            if (!atDefaults) {
                throw new IllegalArgumentException(PREFIX + ".trace = \"" + trace + "\": a trace gives every value; set"
                        + " either the trace or " + PREFIX + ".uplinkMbps, downlinkMbps, latencyMs and computeFactor");
            }
            return new LinkProfiles(LinkTrace.read(java.nio.file.Path.of(trace), PREFIX + ".trace", clients), true);
        }
        if (atDefaults) {
            return NONE;
        }
        LinkProfile[] profiles = new LinkProfile[clients];
        for (int client = 0; client < clients; client++) {
            double[] drawn = new double[KEYS.length];
            for (int k = 0; k < KEYS.length; k++) {
                drawn[k] = values[k].draw(new SplittableRandom(Seeds.mix(seed, LINK_STREAM, client, k)));
            }
            profiles[client] = new LinkProfile(bandwidth(drawn[0]), bandwidth(drawn[1]), drawn[2], drawn[3]);
        }
        return new LinkProfiles(profiles, true);
    }

    /** @return the full keys whose values may be distributions */
    public static List<String> distributionKeys() {
        List<String> keys = new ArrayList<>();
        for (String k : KEYS) {
            keys.add(PREFIX + "." + k);
        }
        return keys;
    }

    /** A configured bandwidth of 0 means an unlimited link. */
    static double bandwidth(double mbps) {
        return mbps == 0 ? Double.POSITIVE_INFINITY : mbps;
    }

    /** @return whether the run simulates links (sim_seconds are computed) */
    public boolean simulated() {
        return simulated;
    }

    /** @return the number of clients with a profile (0 when nothing is simulated) */
    public int size() {
        return profiles.length;
    }

    /**
     * @param client a client id
     * @return its profile; {@link LinkProfile#UNLIMITED} when nothing is simulated
     */
    public LinkProfile of(int client) {
        if (!simulated) {
            return LinkProfile.UNLIMITED;
        }
        if (client < 0 || client >= profiles.length) {
            throw new IllegalArgumentException("no link profile for client " + client + " (" + profiles.length
                    + " clients)");
        }
        return profiles[client];
    }
}
