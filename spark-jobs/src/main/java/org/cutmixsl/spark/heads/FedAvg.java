package org.cutmixsl.spark.heads;

import java.util.Map;
import java.util.SortedMap;
import org.cutmixsl.model.vit.ParameterVector;

/**
 * Federated averaging of head parameters, weighted by the clients' sample counts: Σ n_k θ_k / Σ n_k.
 * Summed in ascending client-id order (a sorted map), in double precision, so the result does not
 * depend on which task finished first: float sums are not associative.
 */
public final class FedAvg {

    private FedAvg() {}

    /**
     * @param heads client id → (weight, parameters), sorted by client id
     * @return the weighted average
     */
    public static ParameterVector average(SortedMap<Integer, Weighted> heads) {
        if (heads.isEmpty()) {
            throw new IllegalArgumentException("FedAvg of no heads");
        }
        ParameterVector first = heads.get(heads.firstKey()).parameters();
        int n = first.values().length;
        double[] sum = new double[n];
        double totalWeight = 0;
        for (Map.Entry<Integer, Weighted> e : heads.entrySet()) {
            ParameterVector p = e.getValue().parameters();
            if (p.layout() != first.layout() || p.values().length != n) {
                throw new IllegalArgumentException("client " + e.getKey() + "'s head has another layout");
            }
            double w = e.getValue().weight();
            if (!(w > 0)) {
                throw new IllegalArgumentException("client " + e.getKey() + " has FedAvg weight " + w);
            }
            float[] v = p.values();
            for (int i = 0; i < n; i++) {
                sum[i] += w * v[i];
            }
            totalWeight += w;
        }
        float[] out = new float[n];
        for (int i = 0; i < n; i++) {
            out[i] = (float) (sum[i] / totalWeight);
        }
        return new ParameterVector(first.layout(), out);
    }

    /**
     * @param weight the FedAvg weight (sample count)
     * @param parameters the head's parameters
     */
    public record Weighted(double weight, ParameterVector parameters) {}
}
