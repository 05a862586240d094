package org.cutmixsl.spark.records;

import com.esotericsoftware.kryo.Kryo;
import org.apache.spark.serializer.KryoRegistrator;

/**
 * The one place that lists every class of this project crossing Spark's wire (task results, shuffles,
 * broadcasts). {@code spark.kryo.registrationRequired=true} makes a forgotten class fail loudly instead
 * of silently writing its full name into every record. Each has a compact custom serializer and a
 * round-trip test through Spark's real KryoSerializer.
 */
public final class CutMixSLKryoRegistrator implements KryoRegistrator {

    @Override
    public void registerClasses(Kryo kryo) {
        kryo.register(CutSmashedRecord.class, new RecordSerializers.CutSmashed());
        kryo.register(GradientRecord.class, new RecordSerializers.Gradient());
        kryo.register(ClientUpload.class, new RecordSerializers.Upload());
        kryo.register(HeadState.class, new RecordSerializers.Head());
        kryo.register(HeadUpdate.class, new RecordSerializers.Update());
        kryo.register(ClientShard.class, new RecordSerializers.Shard());
        kryo.register(StepHeads.class, new RecordSerializers.Heads());
        kryo.register(EvalCount.class, new RecordSerializers.Eval());
        kryo.register(ModelSnapshot.class, new RecordSerializers.Snapshot());
        kryo.register(ServerOutput.class, new RecordSerializers.Server());
        // collect() ships each task's results as an array of the element type.
        kryo.register(CutSmashedRecord[].class);
        kryo.register(GradientRecord[].class);
        kryo.register(ClientUpload[].class);
        kryo.register(HeadState[].class);
        kryo.register(HeadUpdate[].class);
        kryo.register(ClientShard[].class);
        kryo.register(EvalCount[].class);
        kryo.register(ServerOutput[].class);
    }
}
