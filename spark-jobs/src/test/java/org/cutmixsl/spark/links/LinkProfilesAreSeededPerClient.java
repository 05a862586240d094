package org.cutmixsl.spark.links;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.cutmixsl.spark.config.ConfigLoader;
import org.cutmixsl.spark.config.TrainConfig;
import org.junit.jupiter.api.Test;

/**
 * Link profiles drawn from clients.link's distributions: the same seed gives the same profiles, another seed others;
 * a client's profile does not depend on how many clients there are; draws stay in their distribution's range and a
 * lognormal's draws have its median. The defaults simulate nothing.
 */
class LinkProfilesAreSeededPerClient {

    private static final String UNIFORM = "clients.link.uplinkMbps={dist=uniform,low=5,high=20}";
    private static final String LOGNORMAL = "clients.link.downlinkMbps={dist=lognormal,median=50,sigma=0.5}";

    private static TrainConfig config(long seed, int clients, String... more) {
        List<String> settings = new ArrayList<>(List.of("seed=" + seed, "clients.count=" + clients));
        settings.addAll(List.of(more));
        return ConfigLoader.load(null, settings);
    }

    private static List<LinkProfile> profiles(LinkProfiles links) {
        List<LinkProfile> out = new ArrayList<>();
        for (int c = 0; c < links.size(); c++) {
            out.add(links.of(c));
        }
        return out;
    }

    @Test
    void theSameSeedDrawsTheSameProfilesAndAnotherSeedOthers() {
        List<LinkProfile> a = profiles(config(7, 20, UNIFORM, LOGNORMAL, "clients.link.latencyMs=30").links);
        List<LinkProfile> b = profiles(config(7, 20, UNIFORM, LOGNORMAL, "clients.link.latencyMs=30").links);
        List<LinkProfile> other = profiles(config(8, 20, UNIFORM, LOGNORMAL, "clients.link.latencyMs=30").links);
        assertEquals(20, a.size());
        assertEquals(a, b);
        assertNotEquals(a, other);
        assertNotEquals(a.get(0).uplinkMbps(), a.get(1).uplinkMbps(), "clients draw their own values");
        for (LinkProfile p : a) {
            assertTrue(p.uplinkMbps() >= 5 && p.uplinkMbps() <= 20, "uniform draw " + p.uplinkMbps());
            assertEquals(30.0, p.latencyMs(), "a number is every client's");
            assertEquals(1.0, p.computeFactor(), "the default compute factor");
        }
    }

    @Test
    void aClientsProfileDoesNotDependOnHowManyClientsThereAre() {
        List<LinkProfile> few = profiles(config(3, 4, UNIFORM, LOGNORMAL).links);
        List<LinkProfile> many = profiles(config(3, 50, UNIFORM, LOGNORMAL).links);
        assertEquals(few, many.subList(0, 4));
    }

    @Test
    void lognormalDrawsHaveTheConfiguredMedian() {
        LinkProfiles links = config(11, 2001, LOGNORMAL).links;
        double[] down = new double[links.size()];
        for (int c = 0; c < down.length; c++) {
            down[c] = links.of(c).downlinkMbps();
            assertTrue(down[c] > 0);
        }
        Arrays.sort(down);
        assertEquals(50, down[down.length / 2], 50 * 0.06, "sample median of 2001 draws");
        assertTrue(down[0] < 30 && down[down.length - 1] > 80, "spread of sigma 0.5: " + down[0] + " .. "
                + down[down.length - 1]);
    }

    @Test
    void theDefaultsSimulateNothingAndAZeroBandwidthIsUnlimited() {
        assertSame(LinkProfiles.NONE, config(7, 4).links);
        assertFalse(config(7, 4).links.simulated());
        LinkProfiles latencyOnly = config(7, 4, "clients.link.latencyMs=20").links;
        assertTrue(latencyOnly.simulated());
        assertEquals(0.02, latencyOnly.of(3).uploadSeconds(1_000_000), 1e-12, "unlimited bandwidth, latency only");
        assertEquals(0.0, latencyOnly.of(3).uploadSeconds(0), "nothing sent takes no time");
    }

    @Test
    void aConfigurationWithLinksHashesDifferentlyAndOneWithoutAsBefore() {
        assertEquals(config(7, 4).hash, config(7, 4, "eval.targetAccuracy=0.8").hash);
        assertNotEquals(config(7, 4).hash, config(7, 4, UNIFORM).hash);
    }
}
