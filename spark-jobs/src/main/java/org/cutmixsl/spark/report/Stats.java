package org.cutmixsl.spark.report;

import java.util.List;

/** Mean and spread over seeds, ignoring missing values (NaN). */
record Stats(double mean, double std, int n) {

    static Stats of(List<Double> values) {
        double sum = 0;
        int n = 0;
        for (double v : values) {
            if (!Double.isNaN(v)) {
                sum += v;
                n++;
            }
        }
        if (n == 0) {
            return new Stats(Double.NaN, Double.NaN, 0);
        }
        double mean = sum / n;
        double squares = 0;
        for (double v : values) {
            if (!Double.isNaN(v)) {
                squares += (v - mean) * (v - mean);
            }
        }
        return new Stats(mean, n > 1 ? Math.sqrt(squares / (n - 1)) : 0, n);
    }
}
