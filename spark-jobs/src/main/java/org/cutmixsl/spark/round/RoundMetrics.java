package org.cutmixsl.spark.round;

import java.util.Locale;

/**
 * One row of metrics.csv: what a round computed and cost. Bytes are serialized record sizes summed
 * over the round's clients; seconds are wall time on the driver.
 *
 * @param round 1-based round
 * @param method the split method
 * @param trainLoss mean training loss of the round's server steps
 * @param testAccuracy test accuracy after the round, NaN when not evaluated
 * @param testAccuracyStd spread over evaluated client heads (0 with one head), NaN when not evaluated
 * @param distanceCorrelation bias-corrected dCor² between clients' images and what the server received
 *     from them, averaged over the round's clients; NaN when not measured this round
 * @param bytesUp client uploads
 * @param bytesDown gradient downloads
 * @param bytesSync head synchronisation (FedAvg, hand-over)
 * @param bytesUpTotal running total
 * @param bytesDownTotal running total
 * @param bytesSyncTotal running total
 * @param secondsClientForward client-forward stages
 * @param secondsServer server steps
 * @param secondsClientBackward client-backward stages
 * @param secondsOrchestration the rest of the round (broadcasts, head policy)
 * @param secondsEval evaluation after the round (not part of training)
 */
public record RoundMetrics(
        int round,
        String method,
        double trainLoss,
        double testAccuracy,
        double testAccuracyStd,
        double distanceCorrelation,
        long bytesUp,
        long bytesDown,
        long bytesSync,
        long bytesUpTotal,
        long bytesDownTotal,
        long bytesSyncTotal,
        double secondsClientForward,
        double secondsServer,
        double secondsClientBackward,
        double secondsOrchestration,
        double secondsEval) {

    /** The CSV header, in column order. */
    public static final String HEADER = "round,method,train_loss,test_accuracy,test_accuracy_std,distance_correlation,"
            + "bytes_up,bytes_down,"
            + "bytes_sync,bytes_up_total,bytes_down_total,bytes_sync_total,seconds_client_forward,seconds_server,"
            + "seconds_client_backward,seconds_orchestration,seconds_eval";

    /** Number of leading columns that do not depend on wall time. */
    public static final int DETERMINISTIC_COLUMNS = 12;

    /** @return this row as CSV (floats with full precision, so resumed runs compare exactly) */
    public String toCsv() {
        return String.format(Locale.ROOT, "%d,%s,%s,%s,%s,%s,%d,%d,%d,%d,%d,%d,%.3f,%.3f,%.3f,%.3f,%.3f", round, method,
                num(trainLoss), num(testAccuracy), num(testAccuracyStd), num(distanceCorrelation), bytesUp, bytesDown, bytesSync, bytesUpTotal,
                bytesDownTotal, bytesSyncTotal, secondsClientForward, secondsServer, secondsClientBackward,
                secondsOrchestration, secondsEval);
    }

    private static String num(double v) {
        return Double.isNaN(v) ? "" : Double.toString(v);
    }

    /**
     * @param line a row written by {@link #toCsv()}
     * @return the metrics
     */
    public static RoundMetrics fromCsv(String line) {
        String[] f = line.split(",", -1);
        if (f.length != 17) {
            throw new IllegalArgumentException("metrics row has " + f.length + " columns, expected 17: " + line);
        }
        return new RoundMetrics(Integer.parseInt(f[0]), f[1], dbl(f[2]), dbl(f[3]), dbl(f[4]), dbl(f[5]),
                Long.parseLong(f[6]), Long.parseLong(f[7]), Long.parseLong(f[8]), Long.parseLong(f[9]),
                Long.parseLong(f[10]), Long.parseLong(f[11]), dbl(f[12]), dbl(f[13]), dbl(f[14]), dbl(f[15]),
                dbl(f[16]));
    }

    private static double dbl(String s) {
        return s.isEmpty() ? Double.NaN : Double.parseDouble(s);
    }

    /** @return seconds of training in this round */
    public double trainingSeconds() {
        return secondsClientForward + secondsServer + secondsClientBackward + secondsOrchestration;
    }
}
