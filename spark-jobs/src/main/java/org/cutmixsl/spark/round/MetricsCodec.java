package org.cutmixsl.spark.round;

import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.cutmixsl.common.io.Location;
import org.cutmixsl.spark.run.RunDirectory;

/**
 * The one codec of a run's per-round metrics: {@code metrics.csv} (a header, then one {@link RoundMetrics#toCsv()}
 * row per round; rows of older runs read too) and its Parquet twin {@code metrics/}, which the study's results
 * table queries. The round loop, checkpoints and reports write and read them only through this class.
 */
public final class MetricsCodec {

    /** The CSV file's name, in a run directory and in each checkpoint. */
    public static final String CSV = "metrics.csv";

    /** The Parquet folder's name in a run directory. */
    public static final String PARQUET = "metrics";

    /** Columns of the Parquet twin, as the CSV's header; NaN (not evaluated) is null. */
    public static final StructType SCHEMA = new StructType()
            .add("round", DataTypes.IntegerType).add("method", DataTypes.StringType)
            .add("train_loss", DataTypes.DoubleType).add("test_accuracy", DataTypes.DoubleType)
            .add("test_accuracy_std", DataTypes.DoubleType).add("validation_accuracy", DataTypes.DoubleType)
            .add("validation_accuracy_std", DataTypes.DoubleType).add("distance_correlation", DataTypes.DoubleType)
            .add("bytes_up", DataTypes.LongType).add("bytes_down", DataTypes.LongType)
            .add("bytes_sync", DataTypes.LongType).add("bytes_up_total", DataTypes.LongType)
            .add("bytes_down_total", DataTypes.LongType).add("bytes_sync_total", DataTypes.LongType)
            .add("seconds_client_forward", DataTypes.DoubleType).add("seconds_server", DataTypes.DoubleType)
            .add("seconds_client_backward", DataTypes.DoubleType)
            .add("seconds_orchestration", DataTypes.DoubleType).add("seconds_eval", DataTypes.DoubleType)
            .add("sim_seconds", DataTypes.DoubleType).add("sim_seconds_total", DataTypes.DoubleType)
            .add("dropped", DataTypes.StringType);

    private MetricsCodec() {}

    /**
     * @param metrics rows, in round order
     * @return the CSV file's text
     */
    public static String toCsv(List<RoundMetrics> metrics) {
        StringBuilder csv = new StringBuilder(RoundMetrics.HEADER).append('\n');
        for (RoundMetrics m : metrics) {
            csv.append(m.toCsv()).append('\n');
        }
        return csv.toString();
    }

    /**
     * Reads a file by its header, so that a file of an older run, which lacks later columns (validation accuracy,
     * distance correlation, simulated seconds, dropped clients), reads with them empty.
     *
     * @param text a CSV file's text: a header line, then rows (blank lines are skipped)
     * @return its rows
     */
    public static List<RoundMetrics> fromCsv(String text) {
        List<RoundMetrics> metrics = new ArrayList<>();
        String[] lines = text.split("\n");
        String header = lines.length == 0 ? "" : lines[0].strip();
        int[] columns = header.equals(RoundMetrics.HEADER) ? null : columnsOf(header);
        for (int i = 1; i < lines.length; i++) {
            if (!lines[i].isBlank()) {
                metrics.add(RoundMetrics.fromCsv(columns == null ? lines[i] : reordered(lines[i], columns)));
            }
        }
        return metrics;
    }

    /** @return for each current column, its index in an older header, or -1 where the older file lacks it */
    private static int[] columnsOf(String header) {
        List<String> older = List.of(header.split(",", -1));
        String[] current = RoundMetrics.HEADER.split(",");
        int[] columns = new int[current.length];
        for (int c = 0; c < current.length; c++) {
            columns[c] = older.indexOf(current[c]);
        }
        return columns;
    }

    private static String reordered(String line, int[] columns) {
        String[] cells = line.split(",", -1);
        StringBuilder row = new StringBuilder();
        for (int c = 0; c < columns.length; c++) {
            if (c > 0) {
                row.append(',');
            }
            if (columns[c] >= 0 && columns[c] < cells.length) {
                row.append(cells[columns[c]]);
            }
        }
        return row.toString();
    }

    /**
     * Writes {@code metrics.csv}.
     *
     * @param run the run
     * @param folder the folder inside the run ("" for the run's own; a checkpoint's otherwise)
     * @param metrics rows, in round order
     */
    public static void write(RunDirectory run, String folder, List<RoundMetrics> metrics) {
        run.writeText(csvIn(folder), toCsv(metrics));
    }

    /**
     * @param run the run
     * @param folder the folder inside the run ("" for the run's own)
     * @return the rows of its {@code metrics.csv}
     */
    public static List<RoundMetrics> read(RunDirectory run, String folder) {
        return fromCsv(run.readText(csvIn(folder)));
    }

    /**
     * @param runDir a finished run's directory, on any Hadoop file system
     * @return the rows of its {@code metrics.csv}
     */
    public static List<RoundMetrics> read(Location runDir) {
        Location file = runDir.resolve(CSV);
        String text = file.readText();
        try {
            return fromCsv(text);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(file + ": " + e.getMessage(), e);
        }
    }

    /**
     * Writes the Parquet twin, one file.
     *
     * @param spark the session
     * @param run the run
     * @param metrics rows, in round order
     */
    public static void writeParquet(SparkSession spark, RunDirectory run, List<RoundMetrics> metrics) {
        List<Row> rows = new ArrayList<>();
        for (RoundMetrics m : metrics) {
            rows.add(RowFactory.create(m.round(), m.method(), nullable(m.trainLoss()), nullable(m.testAccuracy()),
                    nullable(m.testAccuracyStd()), nullable(m.validationAccuracy()), nullable(m.validationAccuracyStd()),
                    nullable(m.distanceCorrelation()), m.bytesUp(), m.bytesDown(), m.bytesSync(), m.bytesUpTotal(),
                    m.bytesDownTotal(), m.bytesSyncTotal(), m.secondsClientForward(), m.secondsServer(),
                    m.secondsClientBackward(), m.secondsOrchestration(), m.secondsEval(), nullable(m.simSeconds()),
                    nullable(m.simSecondsTotal()), m.dropped()));
        }
        spark.sparkContext().setJobDescription("writing metrics");
        spark.createDataFrame(rows, SCHEMA).coalesce(1).write().mode(SaveMode.Overwrite)
                .parquet(run.path(PARQUET).toString());
        spark.sparkContext().setJobDescription(null);
    }

    private static String csvIn(String folder) {
        return folder.isEmpty() ? CSV : folder + "/" + CSV;
    }

    private static Double nullable(double v) {
        return Double.isNaN(v) ? null : v;
    }
}
