package org.cutmixsl.spark.links;

import java.util.Map;

/**
 * The simulated seconds of the pieces a round is made of, from measured quantities and the clients' links. Pure
 * functions; the split methods put them together in the order their rounds run ({@code SplitMethod
 * #simulatedSeconds}). A transfer takes its serialized bytes over the client's link plus its latency; a client's
 * computation takes its measured task time times its compute factor; the server's, its measured step time.
 */
public final class SimulatedTime {

    private SimulatedTime() {}

    /**
     * A step whose clients work in parallel: the server starts when the slowest client's upload has arrived
     * (forward, then upload), runs its step, and the step ends when the slowest client has downloaded its
     * gradient and run its backward pass.
     *
     * @param step the step's costs
     * @param links the clients' links
     * @return the step's simulated seconds, synchronisation not included
     */
    public static double parallelExchange(StepCost step, LinkProfiles links) {
        double uploaded = 0;
        double finished = 0;
        for (ClientCost c : step.clients()) {
            LinkProfile link = links.of(c.client());
            uploaded = Math.max(uploaded, link.computeSeconds(c.forwardSeconds()) + link.uploadSeconds(c.uploadBytes()));
            finished = Math.max(finished,
                    link.downloadSeconds(c.downloadBytes()) + link.computeSeconds(c.backwardSeconds()));
        }
        return uploaded + step.serverSeconds() + finished;
    }

    /**
     * Synchronisation through the server (FedAvg): every client uploads its head in parallel, the server averages
     * when the slowest upload has arrived, and every client downloads the average in parallel.
     *
     * @param step the step whose synchronisation it is
     * @param links the clients' links
     * @return the synchronisation's simulated seconds; 0 when nothing was sent
     */
    public static double parallelSync(StepCost step, LinkProfiles links) {
        double up = 0;
        for (Map.Entry<Integer, Long> e : step.sync().uploads().entrySet()) {
            up = Math.max(up, links.of(e.getKey()).uploadSeconds(e.getValue()));
        }
        double down = 0;
        for (Map.Entry<Integer, Long> e : step.sync().downloads().entrySet()) {
            down = Math.max(down, links.of(e.getKey()).downloadSeconds(e.getValue()));
        }
        return up + down;
    }

    /**
     * A hand-over: the step's client uploads its head over its uplink, then the next client downloads it over
     * its downlink.
     *
     * @param step the step that handed its head on
     * @param next the client that receives it
     * @param links the clients' links
     * @return the hand-over's simulated seconds
     */
    public static double handOver(StepCost step, int next, LinkProfiles links) {
        double seconds = 0;
        for (Map.Entry<Integer, Long> e : step.sync().uploads().entrySet()) {
            seconds += links.of(e.getKey()).uploadSeconds(e.getValue());
        }
        for (long bytes : step.sync().downloads().values()) {
            seconds += links.of(next).downloadSeconds(bytes);
        }
        return seconds;
    }

    /**
     * A step that sends nothing (centralized training: the data and the model are at the server): its measured
     * computation, with no link and no compute factor.
     *
     * @param step the step's costs
     * @return the step's simulated seconds
     */
    public static double atTheServer(StepCost step) {
        double seconds = step.serverSeconds();
        for (ClientCost c : step.clients()) {
            seconds += c.forwardSeconds() + c.backwardSeconds();
        }
        return seconds;
    }
}
