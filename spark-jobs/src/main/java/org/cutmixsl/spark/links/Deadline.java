package org.cutmixsl.spark.links;

import java.io.Serializable;

/**
 * {@code clients.deadlineSeconds}: a per-upload deadline in simulated seconds. A client misses it when its upload's
 * simulated transfer, {@link LinkProfile#uploadSeconds} of its Kryo-measured bytes (bits over its uplink, plus its
 * latency), takes longer. Only reproducible quantities decide: the measured compute time, which varies from run to
 * run, is deliberately left out, so that the same seed gives the same drops and so the same trained numbers.
 *
 * @param seconds the deadline; {@link Double#POSITIVE_INFINITY} when there is none
 * @param links the clients' links
 */
public record Deadline(double seconds, LinkProfiles links) implements Serializable {

    /** No deadline: nobody is ever late. */
    public static final Deadline NONE = new Deadline(Double.POSITIVE_INFINITY, LinkProfiles.NONE);

    /** @return whether a deadline is set */
    public boolean isSet() {
        return seconds != Double.POSITIVE_INFINITY;
    }

    /**
     * @param client the client
     * @param uploadBytes its upload's serialized size
     * @return whether its upload arrives after the deadline
     */
    public boolean misses(int client, long uploadBytes) {
        return isSet() && links.of(client).uploadSeconds(uploadBytes) > seconds;
    }
}
