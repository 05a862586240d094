package org.cutmixsl.spark.rdd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.stream.IntStream;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.cutmixsl.spark.TestSpark;
import org.junit.jupiter.api.Test;

class PartitionJobsComputeWhatTheJavaApiComputes {

    private final JavaSparkContext jsc = JavaSparkContext.fromSparkContext(TestSpark.session().sparkContext());
    private final JavaRDD<Integer> numbers = jsc.parallelize(IntStream.range(0, 103).boxed().toList(), 4);

    /** Per partition: its id, its record count and the records' sum, as three records. */
    static final class PartitionSummary implements FlatMapFunction<Iterator<Integer>, Long> {
        private static final long serialVersionUID = 1L;

        @Override
        public Iterator<Long> call(Iterator<Integer> records) {
            long count = 0;
            long sum = 0;
            while (records.hasNext()) {
                sum += records.next();
                count++;
            }
            return List.of((long) TaskContext.getPartitionId(), count, sum).iterator();
        }
    }

    /** Fails in partition 2, with a message the test looks for. */
    static final class FailsInPartitionTwo implements FlatMapFunction<Iterator<Integer>, Integer> {
        private static final long serialVersionUID = 1L;

        @Override
        public Iterator<Integer> call(Iterator<Integer> records) {
            if (TaskContext.getPartitionId() == 2) {
                throw new IllegalStateException("partition two fails on purpose");
            }
            return records;
        }
    }

    @Test
    void mapPartitionsThenCollectGivesTheJavaApisRecordsInPartitionOrder() {
        List<Long> ours = PartitionJobs.collect(PartitionJobs.mapPartitions(numbers, new PartitionSummary()));
        List<Long> javaApi = numbers.mapPartitions(new PartitionSummary()).collect();
        assertEquals(javaApi, ours);
        assertEquals(12, ours.size());
        assertEquals(List.of(0L, 1L, 2L, 3L), List.of(ours.get(0), ours.get(3), ours.get(6), ours.get(9)));
        assertEquals(103L * 102 / 2, ours.get(2) + ours.get(5) + ours.get(8) + ours.get(11));
    }

    @Test
    void collectOfChosenPartitionsReturnsTheirRecordsInTheOrderAsked() {
        List<Integer> ours = PartitionJobs.collect(numbers, new int[] {2, 0});
        List<Integer>[] javaApi = numbers.collectPartitions(new int[] {2, 0});
        List<Integer> expected = new ArrayList<>(javaApi[0]);
        expected.addAll(javaApi[1]);
        assertEquals(expected, ours);
        assertEquals(0, ours.get(javaApi[0].size()));
        assertEquals(numbers.collect(), PartitionJobs.collect(numbers));
    }

    @Test
    void aFailingPartitionFailsTheJobWithItsMessage() {
        Exception e = assertThrows(Exception.class,
                () -> PartitionJobs.collect(PartitionJobs.mapPartitions(numbers, new FailsInPartitionTwo())));
        assertTrue(e.getMessage().contains("partition two fails on purpose"), e.getMessage());
        assertEquals(Arrays.asList(0, 1), PartitionJobs.collect(numbers, new int[] {0}).subList(0, 2));
    }
}
