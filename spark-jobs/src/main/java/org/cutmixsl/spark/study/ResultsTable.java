package org.cutmixsl.spark.study;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.regexp_extract;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.cutmixsl.common.io.Location;
import org.cutmixsl.spark.attack.ReconstructionAttack;
import org.cutmixsl.spark.round.MetricsCodec;

/**
 * The study's one results table, built with Spark SQL over every finished run: each run's metrics Parquet (byte
 * totals, the last distance correlation, seconds per round), its summary.json (final validation and test accuracy
 * and their spread over client heads, test images, DP ε and δ; a tuned run's test accuracy is written there after
 * its cell's choice; with simulated links the simulated seconds in total and to eval.targetAccuracy and the uplink
 * MB sent by then, which the job's summary writer computes, and the client-rounds drawn and dropped) and its
 * attack/summary.json (MSE, PSNR, SSIM of the last attacked round, or "nothing received"). With a study's
 * validation target, the first evaluated round whose validation accuracy reaches it and the uplink MB per client
 * sent by then, read from the metrics (so a tuned run, which never evaluates the test split while it trains, has
 * it too; empty where the run never reached it). One row per run; written as STUDY_DIR/results.parquet and
 * STUDY_DIR/results.csv.
 * The distance correlation is left empty for runs that send nothing (centralized measures its pooled batches,
 * which no server receives).
 */
public final class ResultsTable {

    /** The Parquet table, relative to the study folder. */
    public static final String PARQUET = "results.parquet";
    /** The CSV table, relative to the study folder. */
    public static final String CSV = "results.csv";

    /** The table's columns, in order. */
    public static final List<String> COLUMNS = List.of("run_id", "variant", "regime", "method", "heads", "clients",
            "shares", "seed", "lr", "warmup_steps", "rounds", "clients_per_round", "batch_size", "server_steps_per_round",
            "validation_accuracy", "validation_accuracy_std", "test_images", "test_accuracy", "test_accuracy_std",
            "up_mb_total", "down_mb_total", "sync_mb_total", "up_mb_per_client_round", "down_mb_per_client_round",
            "sync_mb_per_client_round", "distance_correlation", "attack", "attack_round", "attack_images", "attack_mse",
            "attack_psnr", "attack_ssim", "epsilon", "delta", "dp_record", "seconds_per_round", "sim_seconds_total", "target_accuracy",
            "sim_seconds_to_target", "up_mb_to_target", "client_rounds", "dropped_client_rounds", "validation_target",
            "rounds_to_validation_target", "up_mb_per_client_to_validation_target", "run_dir");

    private static final StructType RUNS = new StructType()
            .add("run_id", DataTypes.StringType, false).add("variant_order", DataTypes.IntegerType, false)
            .add("variant", DataTypes.StringType, false).add("regime", DataTypes.StringType, false)
            .add("method", DataTypes.StringType, false)
            .add("heads", DataTypes.StringType, false).add("clients", DataTypes.IntegerType, false)
            .add("shares", DataTypes.StringType, false).add("seed", DataTypes.LongType, false)
            .add("clients_per_round", DataTypes.IntegerType, false).add("batch_size", DataTypes.IntegerType, false)
            .add("lr", DataTypes.DoubleType, false).add("warmup_steps", DataTypes.IntegerType, false)
            .add("server_steps_per_round", DataTypes.IntegerType, false)
            .add("run_dir", DataTypes.StringType, false);

    private static final StructType SUMMARY = new StructType()
            .add("test_images", DataTypes.LongType)
            .add("test_accuracy", DataTypes.DoubleType).add("test_accuracy_std", DataTypes.DoubleType)
            .add("validation_accuracy", DataTypes.DoubleType).add("validation_accuracy_std", DataTypes.DoubleType)
            .add("dp", new StructType().add("epsilon", DataTypes.DoubleType).add("delta", DataTypes.DoubleType)
                    .add("record", DataTypes.StringType))
            .add("sim_seconds_total", DataTypes.DoubleType).add("target_accuracy", DataTypes.DoubleType)
            .add("sim_seconds_to_target", DataTypes.DoubleType).add("up_mb_to_target", DataTypes.DoubleType)
            .add("client_rounds", DataTypes.LongType).add("dropped_client_rounds", DataTypes.LongType);

    private static final StructType ATTACK = new StructType()
            .add("attacked", DataTypes.BooleanType).add("result", DataTypes.StringType)
            .add("round", DataTypes.IntegerType).add("n_images", DataTypes.LongType)
            .add("mse", DataTypes.DoubleType).add("psnr", DataTypes.DoubleType).add("ssim", DataTypes.DoubleType);

    private static final String SQL = """
            WITH last AS (
              SELECT run_id, max(round) AS rounds FROM metrics GROUP BY run_id
            ), final AS (
              SELECT m.run_id, l.rounds, m.bytes_up_total, m.bytes_down_total,
                     m.bytes_sync_total
              FROM metrics m JOIN last l ON m.run_id = l.run_id AND m.round = l.rounds
            ), per_run AS (
              SELECT run_id,
                     max_by(distance_correlation,
                            CASE WHEN distance_correlation IS NULL THEN -1 ELSE round END) AS distance_correlation,
                     avg(seconds_client_forward + seconds_server + seconds_client_backward + seconds_orchestration)
                         AS seconds_per_round
              FROM metrics GROUP BY run_id
            ), to_target AS (
              SELECT m.run_id, min(m.round) AS round, min_by(m.bytes_up_total, m.round) AS bytes_up_total
              FROM metrics m JOIN runs r ON m.run_id = r.run_id
              WHERE m.validation_accuracy >= r.validation_target
              GROUP BY m.run_id
            )
            SELECT r.run_id, r.variant, r.regime, r.method, r.heads, r.clients, r.shares, r.seed, r.lr, r.warmup_steps,
                   f.rounds, r.clients_per_round, r.batch_size, r.server_steps_per_round,
                   s.validation_accuracy, s.validation_accuracy_std,
                   s.test_images, s.test_accuracy, s.test_accuracy_std,
                   f.bytes_up_total / 1e6 AS up_mb_total, f.bytes_down_total / 1e6 AS down_mb_total,
                   f.bytes_sync_total / 1e6 AS sync_mb_total,
                   f.bytes_up_total / 1e6 / (f.rounds * r.clients_per_round) AS up_mb_per_client_round,
                   f.bytes_down_total / 1e6 / (f.rounds * r.clients_per_round) AS down_mb_per_client_round,
                   f.bytes_sync_total / 1e6 / (f.rounds * r.clients_per_round) AS sync_mb_per_client_round,
                   CASE WHEN f.bytes_up_total > 0 THEN p.distance_correlation END AS distance_correlation,
                   coalesce(a.result, 'not run') AS attack,
                   CASE WHEN a.attacked THEN a.round END AS attack_round,
                   CASE WHEN a.attacked THEN a.n_images END AS attack_images,
                   CASE WHEN a.attacked THEN a.mse END AS attack_mse,
                   CASE WHEN a.attacked THEN a.psnr END AS attack_psnr,
                   CASE WHEN a.attacked THEN a.ssim END AS attack_ssim,
                   s.dp.epsilon AS epsilon, s.dp.delta AS delta, s.dp.record AS dp_record,
                   p.seconds_per_round, s.sim_seconds_total, s.target_accuracy, s.sim_seconds_to_target,
                   s.up_mb_to_target, s.client_rounds, s.dropped_client_rounds, r.validation_target,
                   u.round AS rounds_to_validation_target,
                   u.bytes_up_total / 1e6 / r.clients AS up_mb_per_client_to_validation_target, r.run_dir
            FROM runs r
            JOIN final f ON f.run_id = r.run_id
            JOIN per_run p ON p.run_id = r.run_id
            LEFT JOIN summaries s ON s.run_id = r.run_id
            LEFT JOIN attacks a ON a.run_id = r.run_id
            LEFT JOIN to_target u ON u.run_id = r.run_id
            ORDER BY r.clients, r.regime, r.shares, r.variant_order, r.seed
            """;

    private ResultsTable() {}

    /**
     * A finished run of the study.
     *
     * @param id its name (unique in the study)
     * @param variantOrder the variant's position in the study
     * @param variant the variant's name
     * @param regime the regime's name ("" for a study without regimes)
     * @param method the split method
     * @param heads the head policy, in words
     * @param clients N
     * @param shares the share scheme as shown (iid, dirichlet-0.5)
     * @param seed the run's seed
     * @param clientsPerRound participants per round
     * @param batchSize B
     * @param lr the peak learning rate of the server optimiser (the client's is the same in tuned studies)
     * @param warmupSteps the server optimiser's warm-up steps
     * @param serverStepsPerRound server optimiser steps per round
     * @param relativeDir the run folder relative to the study folder (the table records this)
     * @param absoluteDir the run folder as read now (an absolute local path, or a URI)
     */
    public record RunInfo(String id, int variantOrder, String variant, String regime, String method, String heads,
                          int clients, String shares, long seed, int clientsPerRound, int batchSize, double lr,
                          int warmupSteps, int serverStepsPerRound, String relativeDir, String absoluteDir) {}

    /**
     * @param spark the session
     * @param runs finished runs
     * @param validationTarget the validation accuracy whose first reaching is read from each run's metrics
     *     (study.validationTarget); NaN = none
     * @return one row per run, {@link #COLUMNS}
     */
    public static Dataset<Row> build(SparkSession spark, List<RunInfo> runs, double validationTarget) {
        List<Row> rows = new ArrayList<>();
        List<String> metrics = new ArrayList<>();
        List<String> summaries = new ArrayList<>();
        List<String> attacks = new ArrayList<>();
        for (RunInfo r : runs) {
            rows.add(RowFactory.create(r.id(), r.variantOrder(), r.variant(), r.regime(), r.method(), r.heads(),
                    r.clients(), r.shares(), r.seed(), r.clientsPerRound(), r.batchSize(), r.lr(), r.warmupSteps(),
                    r.serverStepsPerRound(), r.relativeDir()));
            Location dir = Location.of(r.absoluteDir(), spark.sparkContext().hadoopConfiguration());
            metrics.add(dir.resolve(MetricsCodec.PARQUET).uri());
            summaries.add(dir.resolve("summary.json").uri());
            Location attack = dir.resolve(ReconstructionAttack.SUMMARY_JSON);
            if (attack.exists()) {
                attacks.add(attack.uri());
            }
        }
        spark.createDataFrame(rows, RUNS)
                .withColumn("validation_target", lit(Double.isNaN(validationTarget) ? null : validationTarget)
                        .cast(DataTypes.DoubleType))
                .createOrReplaceTempView("runs");
        withRunId(spark.read().schema(MetricsCodec.SCHEMA).parquet(metrics.toArray(new String[0])),
                "/([^/]+)/metrics/[^/]+$").createOrReplaceTempView("metrics");
        withRunId(spark.read().schema(SUMMARY).option("multiLine", true).json(summaries.toArray(new String[0])),
                "/([^/]+)/summary\\.json$").createOrReplaceTempView("summaries");
        Dataset<Row> attackRows = attacks.isEmpty()
                ? spark.createDataFrame(List.of(), ATTACK.add("run_id", DataTypes.StringType))
                : withRunId(spark.read().schema(ATTACK).option("multiLine", true).json(attacks.toArray(new String[0])),
                        "/([^/]+)/attack/summary\\.json$");
        attackRows.createOrReplaceTempView("attacks");
        return spark.sql(SQL);
    }

    private static Dataset<Row> withRunId(Dataset<Row> files, String pattern) {
        return files.withColumn("run_id", regexp_extract(col("_metadata.file_path"), pattern, 1));
    }

    /**
     * Builds the table and writes it as STUDY_DIR/results.parquet and STUDY_DIR/results.csv.
     *
     * @param spark the session
     * @param studyDir the study folder (a local path or a URI)
     * @param runs finished runs
     * @param validationTarget as for {@link #build}
     * @return the rows written
     */
    public static List<Row> write(SparkSession spark, String studyDir, List<RunInfo> runs, double validationTarget) {
        spark.sparkContext().setJobDescription("study results table");
        // A few hundred rows: Spark's default of 200 shuffle partitions would spend most of the time scheduling.
        String partitions = spark.conf().get("spark.sql.shuffle.partitions");
        spark.conf().set("spark.sql.shuffle.partitions", "2");
        Location dir = Location.of(studyDir, spark.sparkContext().hadoopConfiguration());
        Dataset<Row> table = build(spark, runs, validationTarget).cache();
        try {
            table.coalesce(1).write().mode(SaveMode.Overwrite).parquet(dir.resolve(PARQUET).uri());
            List<Row> rows = table.collectAsList();
            StringBuilder csv = new StringBuilder(String.join(",", COLUMNS)).append('\n');
            for (Row row : rows) {
                List<String> cells = new ArrayList<>();
                for (StructField field : table.schema().fields()) {
                    Object v = row.get(row.fieldIndex(field.name()));
                    cells.add(cell(v));
                }
                csv.append(String.join(",", cells)).append('\n');
            }
            dir.resolve(CSV).writeText(csv.toString());
            return rows;
        } finally {
            table.unpersist();
            spark.conf().set("spark.sql.shuffle.partitions", partitions);
            spark.sparkContext().setJobDescription(null);
        }
    }

    private static String cell(Object v) {
        if (v == null) {
            return "";
        }
        if (v instanceof Double d) {
            return d.isNaN() ? "" : String.format(Locale.ROOT, "%.6g", d);
        }
        String s = v.toString();
        return s.contains(",") || s.contains("\"") ? "\"" + s.replace("\"", "\"\"") + "\"" : s;
    }
}
