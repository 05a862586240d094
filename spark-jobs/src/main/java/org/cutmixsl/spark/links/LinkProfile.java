package org.cutmixsl.spark.links;

import java.io.Serializable;

/**
 * One client's link and device: what its transfers and its computation take in simulated time.
 *
 * @param uplinkMbps upload bandwidth in Mbit/s (10^6 bit/s); infinite = transfers take no time
 * @param downlinkMbps download bandwidth in Mbit/s; infinite = transfers take no time
 * @param latencyMs latency added once to every transfer, in milliseconds
 * @param computeFactor how many times longer the client computes than the task measured here
 */
public record LinkProfile(double uplinkMbps, double downlinkMbps, double latencyMs, double computeFactor)
        implements Serializable {

    /** Infinitely fast links, no latency, the measured compute time: today's behaviour. */
    public static final LinkProfile UNLIMITED =
            new LinkProfile(Double.POSITIVE_INFINITY, Double.POSITIVE_INFINITY, 0, 1);

    /**
     * @param bytes serialized bytes sent
     * @return seconds to upload them: bits over the uplink, plus the latency; 0 for nothing sent
     */
    public double uploadSeconds(long bytes) {
        return transferSeconds(bytes, uplinkMbps);
    }

    /**
     * @param bytes serialized bytes received
     * @return seconds to download them: bits over the downlink, plus the latency; 0 for nothing received
     */
    public double downloadSeconds(long bytes) {
        return transferSeconds(bytes, downlinkMbps);
    }

    /**
     * @param measuredSeconds the task time measured here
     * @return the client's compute time: the measured time scaled by the compute factor
     */
    public double computeSeconds(double measuredSeconds) {
        return measuredSeconds * computeFactor;
    }

    private double transferSeconds(long bytes, double mbps) {
        if (bytes <= 0) {
            return 0;
        }
        return bytes * 8.0 / (mbps * 1e6) + latencyMs / 1e3;
    }
}
