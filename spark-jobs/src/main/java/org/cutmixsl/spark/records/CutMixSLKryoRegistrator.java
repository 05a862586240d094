package org.cutmixsl.spark.records;

import com.esotericsoftware.kryo.Kryo;
import org.apache.spark.serializer.KryoRegistrator;

/**
 * The one place that lists every class crossing Spark's wire. {@code spark.kryo.registrationRequired=true}
 * makes a forgotten class fail loudly instead of silently writing its full name into every record.
 */
public final class CutMixSLKryoRegistrator implements KryoRegistrator {

    @Override
    public void registerClasses(Kryo kryo) {
        // Filled in as record types are added; each has a round-trip test.
    }
}
