package org.cutmixsl.spark.rdd;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaRDDLike;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.rdd.RDD;
import scala.jdk.javaapi.CollectionConverters;
import scala.reflect.ClassTag;
import scala.reflect.ClassTag$;
import scala.runtime.AbstractFunction1;
import scala.runtime.AbstractFunction2;

/**
 * {@code mapPartitions} and {@code collect} as {@link JavaRDDLike} has them, without Spark's closure cleaning.
 *
 * <p>Why: the Java API wraps the function (and {@code collect} its own {@code iter.toArray}) in a Scala lambda,
 * and {@code SparkContext.clean} inspects every lambda by reading its defining class file with ASM ({@code RDD},
 * {@code JavaRDDLike}: large classes) and serializing it once to check it can be. On the driver of {@code bench
 * spark} that was most of the Java time of a round outside the server step (README, "Where a round's driver time
 * goes"). Here the function Spark receives is one of the named classes below: the cleaner returns at once, since
 * it is not a closure. Nothing is lost: a named function class holds exactly its fields, with nothing to clean,
 * and Spark still serializes it into the task, where a field that cannot be serialized fails the job as before.
 */
public final class PartitionJobs {

    private PartitionJobs() {}

    /**
     * {@link JavaRDDLike#mapPartitions(FlatMapFunction)}: the same RDD (not partitioning-preserving), computed the
     * same way.
     *
     * @param rdd the input
     * @param f what each partition computes
     * @param <T> input records
     * @param <U> output records
     * @return the mapped RDD
     */
    public static <T, U> JavaRDD<U> mapPartitions(JavaRDDLike<T, ?> rdd, FlatMapFunction<Iterator<T>, U> f) {
        RDD<U> mapped = rdd.rdd().mapPartitions(new PartitionFunction<>(f), false, anyRef());
        return JavaRDD.fromRDD(mapped, anyRef());
    }

    /**
     * {@link JavaRDDLike#collect()}: one job over every partition, the records in partition order.
     *
     * @param rdd the input
     * @param <T> records
     * @return every record
     */
    public static <T> List<T> collect(JavaRDDLike<T, ?> rdd) {
        int[] all = new int[rdd.getNumPartitions()];
        Arrays.setAll(all, p -> p);
        return collect(rdd, all);
    }

    /**
     * {@link JavaRDDLike#collectPartitions(int[])}, flattened: one job over these partitions, their records in the
     * order of {@code partitions}.
     *
     * @param rdd the input
     * @param partitions the partitions to compute
     * @param <T> records
     * @return their records
     */
    public static <T> List<T> collect(JavaRDDLike<T, ?> rdd, int[] partitions) {
        List<Object> ids = new ArrayList<>(partitions.length);
        for (int p : partitions) {
            ids.add(p);
        }
        @SuppressWarnings("unchecked")
        scala.collection.immutable.Seq<Object> seq = CollectionConverters.asScala(ids).toSeq();
        Object[] perPartition = (Object[]) rdd.context().runJob(rdd.rdd(), new Drain<T>(), seq,
                ClassTag$.MODULE$.apply(Object[].class));
        List<T> out = new ArrayList<>();
        for (Object records : perPartition) {
            for (Object r : (Object[]) records) {
                @SuppressWarnings("unchecked")
                T t = (T) r;
                out.add(t);
            }
        }
        return out;
    }

    @SuppressWarnings("unchecked")
    private static <X> ClassTag<X> anyRef() {
        return (ClassTag<X>) ClassTag$.MODULE$.AnyRef();
    }

    /** A Java partition function as the Scala function {@code RDD.mapPartitions} takes. */
    private static final class PartitionFunction<T, U>
            extends AbstractFunction1<scala.collection.Iterator<T>, scala.collection.Iterator<U>>
            implements Serializable {
        private static final long serialVersionUID = 1L;

        private final FlatMapFunction<Iterator<T>, U> f;

        PartitionFunction(FlatMapFunction<Iterator<T>, U> f) {
            this.f = f;
        }

        @Override
        public scala.collection.Iterator<U> apply(scala.collection.Iterator<T> records) {
            try {
                return CollectionConverters.asScala(f.call(CollectionConverters.asJava(records)));
            } catch (RuntimeException e) {
                throw e;
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }
    }

    /** A partition's records as an array: what a task of {@link #collect} returns to the driver. */
    private static final class Drain<T> extends AbstractFunction2<TaskContext, scala.collection.Iterator<T>, Object[]>
            implements Serializable {
        private static final long serialVersionUID = 1L;

        @Override
        public Object[] apply(TaskContext context, scala.collection.Iterator<T> records) {
            List<Object> out = new ArrayList<>();
            while (records.hasNext()) {
                out.add(records.next());
            }
            return out.toArray();
        }
    }
}
