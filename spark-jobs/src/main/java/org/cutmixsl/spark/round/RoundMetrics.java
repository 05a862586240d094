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
 * @param validationAccuracy accuracy on the validation split after the round, NaN when not evaluated (no
 *     validation split, or not an evaluation round)
 * @param validationAccuracyStd its spread over evaluated client heads, NaN when not evaluated
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
 * @param simSeconds the round's simulated seconds with the clients' links ({@code clients.link}), from measured
 *     bytes and task times; NaN when no link is simulated
 * @param simSecondsTotal running total of simSeconds; NaN when no link is simulated
 * @param dropped who dropped out of the round and why ({@link Drops#format}: {@code 3:dropout;7:deadline;8:group});
 *     empty when nobody did. A round in which nobody trained has an empty (NaN) trainLoss.
 */
public record RoundMetrics(
        int round,
        String method,
        double trainLoss,
        double testAccuracy,
        double testAccuracyStd,
        double validationAccuracy,
        double validationAccuracyStd,
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
        double secondsEval,
        double simSeconds,
        double simSecondsTotal,
        String dropped) {

    /** The CSV header, in column order. */
    public static final String HEADER = "round,method,train_loss,test_accuracy,test_accuracy_std,"
            + "validation_accuracy,validation_accuracy_std,distance_correlation,bytes_up,bytes_down,"
            + "bytes_sync,bytes_up_total,bytes_down_total,bytes_sync_total,seconds_client_forward,seconds_server,"
            + "seconds_client_backward,seconds_orchestration,seconds_eval,sim_seconds,sim_seconds_total,dropped";

    /** Number of leading columns that do not depend on wall time. */
    public static final int DETERMINISTIC_COLUMNS = 14;

    /** Columns of a row. */
    private static final int COLUMNS = 22;
    /** Columns of a row written before the dropped column existed (read with it empty: nobody dropped). */
    private static final int COLUMNS_BEFORE_DROPS = 21;
    /** Columns of a row written before the simulated-time columns existed (read with them empty). */
    private static final int COLUMNS_BEFORE_SIMULATION = 19;
    /** Columns of a row written before the validation columns existed (read with them empty). */
    private static final int COLUMNS_BEFORE_VALIDATION = 17;

    /**
     * A row without simulated time (no link simulated): the record's components in order, all but
     * {@code simSeconds} and {@code simSecondsTotal}, which are NaN.
     */
    public RoundMetrics(int round, String method, double trainLoss, double testAccuracy, double testAccuracyStd,
                        double validationAccuracy, double validationAccuracyStd, double distanceCorrelation,
                        long bytesUp, long bytesDown, long bytesSync, long bytesUpTotal, long bytesDownTotal,
                        long bytesSyncTotal, double secondsClientForward, double secondsServer,
                        double secondsClientBackward, double secondsOrchestration, double secondsEval) {
        this(round, method, trainLoss, testAccuracy, testAccuracyStd, validationAccuracy, validationAccuracyStd,
                distanceCorrelation, bytesUp, bytesDown, bytesSync, bytesUpTotal, bytesDownTotal, bytesSyncTotal,
                secondsClientForward, secondsServer, secondsClientBackward, secondsOrchestration, secondsEval,
                Double.NaN, Double.NaN, "");
    }

    /** A row in which nobody dropped: the record's components in order, all but {@code dropped}, which is empty. */
    public RoundMetrics(int round, String method, double trainLoss, double testAccuracy, double testAccuracyStd,
                        double validationAccuracy, double validationAccuracyStd, double distanceCorrelation,
                        long bytesUp, long bytesDown, long bytesSync, long bytesUpTotal, long bytesDownTotal,
                        long bytesSyncTotal, double secondsClientForward, double secondsServer,
                        double secondsClientBackward, double secondsOrchestration, double secondsEval,
                        double simSeconds, double simSecondsTotal) {
        this(round, method, trainLoss, testAccuracy, testAccuracyStd, validationAccuracy, validationAccuracyStd,
                distanceCorrelation, bytesUp, bytesDown, bytesSync, bytesUpTotal, bytesDownTotal, bytesSyncTotal,
                secondsClientForward, secondsServer, secondsClientBackward, secondsOrchestration, secondsEval,
                simSeconds, simSecondsTotal, "");
    }

    /** Rejects a dropped column that would break the CSV row. */
    public RoundMetrics {
        dropped = dropped == null ? "" : dropped;
        if (dropped.contains(",") || dropped.contains("\n")) {
            throw new IllegalArgumentException("dropped column \"" + dropped + "\": no commas or line breaks");
        }
    }

    /** @return this row as CSV (floats with full precision, so resumed runs compare exactly) */
    public String toCsv() {
        return String.format(Locale.ROOT, "%d,%s,%s,%s,%s,%s,%s,%s,%d,%d,%d,%d,%d,%d,%.3f,%.3f,%.3f,%.3f,%.3f,%s,%s,%s", round,
                method, num(trainLoss), num(testAccuracy), num(testAccuracyStd), num(validationAccuracy),
                num(validationAccuracyStd), num(distanceCorrelation), bytesUp, bytesDown, bytesSync, bytesUpTotal,
                bytesDownTotal, bytesSyncTotal, secondsClientForward, secondsServer, secondsClientBackward,
                secondsOrchestration, secondsEval, seconds(simSeconds), seconds(simSecondsTotal), dropped);
    }

    /**
     * @param test accuracy on the test split and its spread, NaN when not evaluated
     * @param testStd its spread over heads
     * @param validation accuracy on the validation split, NaN when not evaluated
     * @param validationStd its spread over heads
     * @param seconds the evaluation's wall time
     * @return this row with the round's evaluation
     */
    public RoundMetrics withEvaluation(double test, double testStd, double validation, double validationStd,
                                       double seconds) {
        return new RoundMetrics(round, method, trainLoss, test, testStd, validation, validationStd,
                distanceCorrelation, bytesUp, bytesDown, bytesSync, bytesUpTotal, bytesDownTotal, bytesSyncTotal,
                secondsClientForward, secondsServer, secondsClientBackward, secondsOrchestration, seconds, simSeconds,
                simSecondsTotal, dropped);
    }

    /** Milliseconds of simulated time are plenty; empty for NaN (not simulated). */
    private static String seconds(double v) {
        return Double.isNaN(v) ? "" : String.format(Locale.ROOT, "%.3f", v);
    }

    private static String num(double v) {
        return Double.isNaN(v) ? "" : Double.toString(v);
    }

    /**
     * @param line a row written by {@link #toCsv()}, or by a version before the validation or the simulated-time
     *     columns (a checkpoint or metrics.csv of an older run), whose missing columns read as empty
     * @return the metrics
     */
    public static RoundMetrics fromCsv(String line) {
        String[] f = line.split(",", -1);
        if (f.length == COLUMNS_BEFORE_VALIDATION) {
            String[] widened = new String[COLUMNS_BEFORE_SIMULATION];
            System.arraycopy(f, 0, widened, 0, 5);
            widened[5] = "";
            widened[6] = "";
            System.arraycopy(f, 5, widened, 7, COLUMNS_BEFORE_VALIDATION - 5);
            f = widened;
        }
        if (f.length == COLUMNS_BEFORE_SIMULATION) {
            f = java.util.Arrays.copyOf(f, COLUMNS_BEFORE_DROPS);
            f[COLUMNS_BEFORE_DROPS - 2] = "";
            f[COLUMNS_BEFORE_DROPS - 1] = "";
        }
        if (f.length == COLUMNS_BEFORE_DROPS) {
            f = java.util.Arrays.copyOf(f, COLUMNS);
            f[COLUMNS - 1] = "";
        }
        if (f.length != COLUMNS) {
            throw new IllegalArgumentException("metrics row has " + f.length + " columns, expected " + COLUMNS + ": "
                    + line);
        }
        return new RoundMetrics(Integer.parseInt(f[0]), f[1], dbl(f[2]), dbl(f[3]), dbl(f[4]), dbl(f[5]), dbl(f[6]),
                dbl(f[7]), Long.parseLong(f[8]), Long.parseLong(f[9]), Long.parseLong(f[10]), Long.parseLong(f[11]),
                Long.parseLong(f[12]), Long.parseLong(f[13]), dbl(f[14]), dbl(f[15]), dbl(f[16]), dbl(f[17]),
                dbl(f[18]), dbl(f[19]), dbl(f[20]), f[21]);
    }

    private static double dbl(String s) {
        return s.isEmpty() ? Double.NaN : Double.parseDouble(s);
    }

    /** @return how many clients dropped out of this round */
    public int droppedClients() {
        return Drops.parse(dropped).size();
    }

    /** @return whether no client trained in this round (every one dropped): its train loss is empty */
    public boolean empty() {
        return Double.isNaN(trainLoss);
    }

    /** @return seconds of training in this round */
    public double trainingSeconds() {
        return secondsClientForward + secondsServer + secondsClientBackward + secondsOrchestration;
    }
}
