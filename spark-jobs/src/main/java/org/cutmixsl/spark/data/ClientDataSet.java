package org.cutmixsl.spark.data;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.collect_list;
import static org.apache.spark.sql.functions.floor;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.row_number;
import static org.apache.spark.sql.functions.sort_array;
import static org.apache.spark.sql.functions.struct;

import java.util.ArrayList;
import java.util.List;
import org.cutmixsl.model.train.ClientSamples;
import org.apache.spark.api.java.JavaPairRDD;
import org.apache.spark.api.java.function.PairFunction;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.expressions.Window;
import org.apache.spark.storage.StorageLevel;
import org.cutmixsl.data.dataset.PreparedDataset;
import org.cutmixsl.spark.records.ClientShard;
import scala.Tuple2;

/**
 * Reads the prepared Parquet into one {@link ClientShard} per client (samples sorted by id), partitioned
 * by {@link ClientPartitioner} and persisted: the client stages of every round run over it, and a lost
 * partition is recomputed from the Parquet files. Nothing is collected on the driver.
 */
public final class ClientDataSet {

    private ClientDataSet() {}

    /**
     * @param spark the session
     * @param dataset the prepared dataset
     * @param partitioner client partitioning
     * @param pooledClientId when not null, a shard of every training sample under this id is added
     *     (centralized training reads the pooled data)
     * @param seed the run's seed
     * @param fraction data.fraction: each client holds its {@link TrainingSubset}, and the pooled shard their union
     * @return client id → shard, persisted
     */
    public static JavaPairRDD<Integer, ClientShard> trainShards(
            SparkSession spark, PreparedDataset dataset, ClientPartitioner partitioner, Integer pooledClientId,
            long seed, double fraction) {
        Dataset<Row> rows = TrainingSubset.rows(dataset.readTrain(spark), dataset.clientSampleCounts(), seed, fraction);
        Dataset<Row> byClient = rows.groupBy(col("client_id"))
                .agg(sort_array(collect_list(struct(col("sample_id"), col("label"), col("image")))).as("samples"));
        if (pooledClientId != null) {
            Dataset<Row> pooled = rows.groupBy(lit(pooledClientId).as("client_id"))
                    .agg(sort_array(collect_list(struct(col("sample_id"), col("label"), col("image")))).as("samples"));
            byClient = byClient.unionByName(pooled);
        }
        int imageValues = dataset.height() * dataset.width() * dataset.channels();
        return byClient.javaRDD()
                .mapToPair(new ToShard(imageValues))
                .partitionBy(partitioner)
                .persist(StorageLevel.MEMORY_AND_DISK());
    }

    /**
     * The test split in chunks of about {@code chunkSize} images (ids 0, 1, ...), for evaluation tasks.
     *
     * @param spark the session
     * @param dataset the prepared dataset
     * @param chunkSize images per chunk
     * @param partitions partitions of the result
     * @param limit only the test images with ids below this (0 = all)
     * @return chunk id → images, persisted
     */
    public static JavaPairRDD<Integer, ClientShard> testChunks(
            SparkSession spark, PreparedDataset dataset, int chunkSize, int partitions, int limit) {
        Dataset<Row> test = dataset.readTest(spark);
        if (limit > 0) {
            test = test.where(col("sample_id").lt(limit));
        }
        return chunks(test, dataset, chunkSize, partitions);
    }

    /**
     * The validation split in chunks of {@code chunkSize} images (the last one smaller), in sample id order. Its ids
     * are training ids, spread over the whole training set, so chunks are cut by position rather than by id.
     *
     * @param split the validation split's rows
     * @param dataset the prepared dataset
     * @param chunkSize images per chunk
     * @param partitions partitions of the result
     * @return chunk id → images, persisted
     */
    public static JavaPairRDD<Integer, ClientShard> validationChunks(
            Dataset<Row> split, PreparedDataset dataset, int chunkSize, int partitions) {
        // One window over a split of a few thousand images: Spark moves it to one partition, which is cheap here.
        Column position = row_number().over(Window.orderBy(col("sample_id"))).minus(1);
        return chunks(split, position, dataset, chunkSize, partitions);
    }

    /** Rows of a split in chunks of about {@code chunkSize} images, by sample id. */
    private static JavaPairRDD<Integer, ClientShard> chunks(
            Dataset<Row> split, PreparedDataset dataset, int chunkSize, int partitions) {
        return chunks(split, col("sample_id"), dataset, chunkSize, partitions);
    }

    /** Rows of a split in chunks: rows whose {@code index} lies in the same run of {@code chunkSize} together. */
    private static JavaPairRDD<Integer, ClientShard> chunks(
            Dataset<Row> split, Column index, PreparedDataset dataset, int chunkSize, int partitions) {
        Dataset<Row> rows = split
                .withColumn("chunk", floor(index.divide(chunkSize)).cast("int"));
        Dataset<Row> grouped = rows.groupBy(col("chunk").as("client_id"))
                .agg(sort_array(collect_list(struct(col("sample_id"), col("label"), col("image")))).as("samples"));
        int imageValues = dataset.height() * dataset.width() * dataset.channels();
        return grouped.javaRDD()
                .mapToPair(new ToShard(imageValues))
                .partitionBy(new org.apache.spark.HashPartitioner(partitions))
                .persist(StorageLevel.MEMORY_AND_DISK());
    }

    /** Turns a grouped row (client_id, sorted samples) into a shard. */
    static final class ToShard implements PairFunction<Row, Integer, ClientShard> {
        private static final long serialVersionUID = 1L;
        private final int imageValues;

        ToShard(int imageValues) {
            this.imageValues = imageValues;
        }

        @Override
        public Tuple2<Integer, ClientShard> call(Row row) {
            int client = row.getInt(0);
            List<Row> samples = row.getList(1);
            int n = samples.size();
            long[] ids = new long[n];
            int[] labels = new int[n];
            byte[] pixels = new byte[n * imageValues];
            for (int i = 0; i < n; i++) {
                Row s = samples.get(i);
                ids[i] = s.getLong(0);
                labels[i] = s.getInt(1);
                byte[] image = (byte[]) s.get(2);
                if (image.length != imageValues) {
                    throw new IllegalStateException("sample " + ids[i] + " of client " + client + " holds "
                            + image.length + " bytes, expected " + imageValues);
                }
                System.arraycopy(image, 0, pixels, i * imageValues, imageValues);
            }
            return new Tuple2<>(client, new ClientShard(client, ids, labels, pixels, imageValues));
        }
    }

    /**
     * Every client's training data in this JVM, for the single-JVM bare loop that the Spark job is measured
     * and checked against. The Spark job itself never does this.
     *
     * @param spark the session
     * @param dataset the prepared dataset
     * @param clients N
     * @return client k's samples at index k, sorted by sample id (the order the shards hold them in)
     */
    public static List<ClientSamples> inMemory(SparkSession spark, PreparedDataset dataset, int clients) {
        int values = dataset.height() * dataset.width() * dataset.channels();
        List<List<Row>> byClient = new ArrayList<>();
        for (int c = 0; c < clients; c++) {
            byClient.add(new ArrayList<>());
        }
        for (Row row : dataset.readTrain(spark).orderBy("client_id", "sample_id").collectAsList()) {
            byClient.get(row.getInt(row.fieldIndex("client_id"))).add(row);
        }
        List<ClientSamples> out = new ArrayList<>();
        for (int c = 0; c < clients; c++) {
            List<Row> rows = byClient.get(c);
            int[] labels = new int[rows.size()];
            byte[] pixels = new byte[rows.size() * values];
            for (int i = 0; i < rows.size(); i++) {
                Row r = rows.get(i);
                labels[i] = r.getInt(r.fieldIndex("label"));
                System.arraycopy((byte[]) r.get(r.fieldIndex("image")), 0, pixels, i * values, values);
            }
            out.add(new ClientSamples(c, labels, pixels, values));
        }
        return out;
    }
}
