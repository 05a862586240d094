package org.cutmixsl.spark.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.apache.spark.api.java.JavaPairRDD;
import org.apache.spark.sql.Row;
import org.cutmixsl.data.dataset.PreparedDataset;
import org.cutmixsl.spark.TestSpark;
import org.cutmixsl.spark.method.SplitMethod;
import org.cutmixsl.spark.records.ClientShard;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import scala.Tuple2;

/**
 * data.fraction through the job's own reader on real Parquet (Fashion-MNIST, 4 clients): each client's shard is a
 * subset of its share of the right size, the same whether the method reads pooled data (centralized) or not, the
 * pooled shard is exactly their union, and the seed decides which samples.
 */
class TrainingSubsetIsTheSameForEveryMethod {

    private static final int CLIENTS = 4;
    private static PreparedDataset dataset;
    private static Map<Integer, long[]> shares;

    @BeforeAll
    static void data() {
        dataset = PreparedDataset.open(TestSpark.fashionMnist(CLIENTS));
        shares = new TreeMap<>();
        for (int c = 0; c < CLIENTS; c++) {
            shares.put(c, dataset.readTrain(TestSpark.session()).where("client_id = " + c).select("sample_id")
                    .collectAsList().stream().mapToLong((Row r) -> r.getLong(0)).sorted().toArray());
        }
    }

    private static Map<Integer, long[]> shardIds(Integer pooled, long seed, double fraction) {
        JavaPairRDD<Integer, ClientShard> shards = ClientDataSet.trainShards(TestSpark.session(), dataset,
                new ClientPartitioner(2, CLIENTS), pooled, seed, fraction);
        try {
            Map<Integer, long[]> ids = new TreeMap<>();
            for (Tuple2<Integer, ClientShard> t : shards.collect()) {
                ids.put(t._1(), t._2().sampleIds());
            }
            return ids;
        } finally {
            shards.unpersist(false);
        }
    }

    @Test
    void everyMethodTrainsOnTheSameSubsetOfTheRightSize() {
        Map<Integer, long[]> split = shardIds(null, 7, 0.1);
        Map<Integer, long[]> pooled = shardIds(SplitMethod.POOLED_CLIENT, 7, 0.1);
        Set<Long> union = new HashSet<>();
        for (int c = 0; c < CLIENTS; c++) {
            long[] ids = split.get(c);
            int share = shares.get(c).length;
            assertEquals(TrainingSubset.size(share, 0.1), ids.length, "client " + c);
            assertEquals(Math.round(share * 0.1), ids.length, "client " + c);
            assertArrayEquals(ids, pooled.get(c), "client " + c + " holds the same subset when the method pools");
            for (long id : ids) {
                assertTrue(Arrays.binarySearch(shares.get(c), id) >= 0, "sample " + id + " is not client " + c + "'s");
                union.add(id);
            }
            assertTrue(isAscending(ids));
        }
        long[] pooledIds = pooled.get(SplitMethod.POOLED_CLIENT);
        assertEquals(union.size(), pooledIds.length, "the pooled shard is the union of the clients' subsets");
        for (long id : pooledIds) {
            assertTrue(union.contains(id), "pooled sample " + id + " is in no client's subset");
        }
    }

    @Test
    void theSeedDecidesTheSubsetAndFractionOneKeepsEverySample() {
        Map<Integer, long[]> a = shardIds(null, 7, 0.1);
        Map<Integer, long[]> again = shardIds(null, 7, 0.1);
        Map<Integer, long[]> other = shardIds(null, 8, 0.1);
        Map<Integer, long[]> all = shardIds(null, 7, 1.0);
        for (int c = 0; c < CLIENTS; c++) {
            assertArrayEquals(a.get(c), again.get(c));
            assertFalse(Arrays.equals(a.get(c), other.get(c)), "seeds 7 and 8 draw the same subset of client " + c);
            assertArrayEquals(shares.get(c), all.get(c));
        }
    }

    @Test
    void everyClientKeepsAtLeastOneSample() {
        assertEquals(1, TrainingSubset.size(5, 0.01));
        assertEquals(3, TrainingSubset.size(5, 0.5));
        assertEquals(5, TrainingSubset.size(5, 1.0));
        assertArrayEquals(new int[] {1, 60, 0}, TrainingSubset.sizes(new int[] {1, 600, 0}, 0.1));
    }

    private static boolean isAscending(long[] ids) {
        for (int i = 1; i < ids.length; i++) {
            if (ids[i] <= ids[i - 1]) {
                return false;
            }
        }
        return true;
    }
}
