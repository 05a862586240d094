package org.cutmixsl.spark.data;

import static org.apache.spark.sql.functions.array;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.element_at;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.row_number;
import static org.apache.spark.sql.functions.xxhash64;

import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.expressions.Window;
import org.cutmixsl.model.train.Seeds;

/**
 * The data-size axis ({@code data.fraction}): each client trains on a seeded subset of its share, of
 * {@link #size} samples. Which samples is a pure function of the seed and the sample ids (their order by a seeded
 * hash of the id), so every method, every Spark task and every later reader (the reconstruction attack) draws the
 * same subset; centralized training pools these subsets. At fraction 1 every sample is kept and nothing changes.
 */
public final class TrainingSubset {

    /** Stream of the subset's hash keys, apart from every other use of the seed. */
    private static final long SUBSET_STREAM = 0x73756273L;

    private TrainingSubset() {}

    /**
     * @param count samples in a client's share
     * @param fraction data.fraction, in (0, 1]
     * @return samples the client trains on: the fraction of its share rounded to the nearest, at least 1 (0 only
     *     for an empty share)
     */
    public static int size(int count, double fraction) {
        if (count == 0 || fraction >= 1) {
            return count;
        }
        return (int) Math.max(1, Math.min(count, Math.round(count * fraction)));
    }

    /**
     * @param counts samples per client, indexed by client id
     * @param fraction data.fraction
     * @return {@link #size} of each
     */
    public static int[] sizes(int[] counts, double fraction) {
        int[] sizes = new int[counts.length];
        for (int c = 0; c < counts.length; c++) {
            sizes[c] = size(counts[c], fraction);
        }
        return sizes;
    }

    /**
     * @param train the training split's rows (client_id, sample_id, label, image)
     * @param counts samples per client in the split, indexed by client id (the manifest's counts)
     * @param seed the run's seed
     * @param fraction data.fraction
     * @return the rows of every client's subset, same columns; {@code train} itself at fraction 1
     */
    public static Dataset<Row> rows(Dataset<Row> train, int[] counts, long seed, double fraction) {
        if (fraction >= 1) {
            return train;
        }
        int[] sizes = sizes(counts, fraction);
        Column[] keep = new Column[sizes.length];
        for (int c = 0; c < sizes.length; c++) {
            keep[c] = lit(sizes[c]);
        }
        Column order = xxhash64(lit(Seeds.mix(seed, SUBSET_STREAM)), col("sample_id"));
        return train
                .withColumn("subset_rank", row_number().over(Window.partitionBy(col("client_id"))
                        .orderBy(order, col("sample_id"))))
                .where(col("subset_rank").leq(element_at(array(keep), col("client_id").plus(1))))
                .drop("subset_rank");
    }
}
