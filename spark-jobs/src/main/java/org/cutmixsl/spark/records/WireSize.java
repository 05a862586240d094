package org.cutmixsl.spark.records;

import java.nio.ByteBuffer;
import org.apache.spark.SparkEnv;
import org.apache.spark.serializer.SerializerInstance;
import scala.reflect.ClassTag;
import scala.reflect.ClassTag$;

/**
 * The size of an object as Spark's configured serializer (Kryo, with this project's registrator)
 * actually writes it: communication is measured from serialized records, not computed from shapes.
 */
public final class WireSize {

    private WireSize() {}

    /**
     * @param value the object
     * @return bytes Spark's serializer writes for it
     */
    public static long of(Object value) {
        SerializerInstance serializer = SparkEnv.get().serializer().newInstance();
        @SuppressWarnings("unchecked")
        ClassTag<Object> tag = (ClassTag<Object>) ClassTag$.MODULE$.apply(value.getClass());
        ByteBuffer bytes = serializer.serialize(value, tag);
        return bytes.remaining();
    }
}
