package org.cutmixsl.spark.records;

import com.esotericsoftware.kryo.Kryo;
import com.esotericsoftware.kryo.Serializer;
import com.esotericsoftware.kryo.io.Input;
import com.esotericsoftware.kryo.io.Output;

/**
 * Compact Kryo serializers for the records: variable-length integers and raw byte arrays, no class
 * names, no field names. Checksums are carried, not recomputed, so damage on the wire is detected by
 * {@code verify()} on the receiving side.
 */
public final class RecordSerializers {

    private RecordSerializers() {}

    static void writeBytes(Output out, byte[] bytes) {
        out.writeVarInt(bytes.length, true);
        out.writeBytes(bytes);
    }

    static byte[] readBytes(Input in) {
        int n = in.readVarInt(true);
        return in.readBytes(n);
    }

    static void writeInts(Output out, int[] values) {
        if (values == null) {
            out.writeVarInt(0, true);
            return;
        }
        out.writeVarInt(values.length + 1, true);
        out.writeInts(values, true);
    }

    static int[] readInts(Input in) {
        int n = in.readVarInt(true);
        return n == 0 ? null : in.readInts(n - 1, true);
    }

    static void writeTask(Output out, TaskGpus t) {
        out.writeVarLong(t.task(), false);
        out.writeVarInt(t.addresses().size(), true);
        for (String address : t.addresses()) {
            out.writeString(address);
        }
    }

    static TaskGpus readTask(Input in) {
        long task = in.readVarLong(false);
        String[] addresses = new String[in.readVarInt(true)];
        for (int i = 0; i < addresses.length; i++) {
            addresses[i] = in.readString();
        }
        return new TaskGpus(task, java.util.Arrays.asList(addresses));
    }

    /** {@link CutSmashedRecord}. */
    public static final class CutSmashed extends Serializer<CutSmashedRecord> {
        @Override
        public void write(Kryo kryo, Output out, CutSmashedRecord r) {
            out.writeVarInt(r.round(), true);
            out.writeVarInt(r.step(), true);
            out.writeVarInt(r.group(), true);
            out.writeVarInt(r.client(), false);
            out.writeVarInt(r.batchSize(), true);
            writeInts(out, r.labels());
            writeBytes(out, r.payload());
            out.writeInt(r.checksum());
        }

        @Override
        public CutSmashedRecord read(Kryo kryo, Input in, Class<CutSmashedRecord> type) {
            int round = in.readVarInt(true);
            int step = in.readVarInt(true);
            int group = in.readVarInt(true);
            int client = in.readVarInt(false);
            int batch = in.readVarInt(true);
            int[] labels = readInts(in);
            byte[] payload = readBytes(in);
            return new CutSmashedRecord(round, step, group, client, batch, labels, payload, in.readInt());
        }
    }

    /** {@link GradientRecord}. */
    public static final class Gradient extends Serializer<GradientRecord> {
        @Override
        public void write(Kryo kryo, Output out, GradientRecord r) {
            out.writeVarInt(r.round(), true);
            out.writeVarInt(r.step(), true);
            out.writeVarInt(r.client(), false);
            writeBytes(out, r.payload());
            out.writeInt(r.checksum());
        }

        @Override
        public GradientRecord read(Kryo kryo, Input in, Class<GradientRecord> type) {
            int round = in.readVarInt(true);
            int step = in.readVarInt(true);
            int client = in.readVarInt(false);
            byte[] payload = readBytes(in);
            return new GradientRecord(round, step, client, payload, in.readInt());
        }
    }

    /** {@link ClientUpload}. */
    public static final class Upload extends Serializer<ClientUpload> {
        private final CutSmashed records = new CutSmashed();

        @Override
        public void write(Kryo kryo, Output out, ClientUpload u) {
            records.write(kryo, out, u.record());
            out.writeVarLong(u.serializedBytes(), true);
            out.writeDouble(u.distanceCorrelation());
            writeTask(out, u.task());
            out.writeDouble(u.seconds());
        }

        @Override
        public ClientUpload read(Kryo kryo, Input in, Class<ClientUpload> type) {
            CutSmashedRecord record = records.read(kryo, in, CutSmashedRecord.class);
            long bytes = in.readVarLong(true);
            double distanceCorrelation = in.readDouble();
            TaskGpus task = readTask(in);
            return new ClientUpload(record, bytes, distanceCorrelation, task, in.readDouble());
        }
    }

    /** {@link HeadState}. */
    public static final class Head extends Serializer<HeadState> {
        @Override
        public void write(Kryo kryo, Output out, HeadState s) {
            writeBytes(out, s.parameters());
            writeBytes(out, s.optimizer());
        }

        @Override
        public HeadState read(Kryo kryo, Input in, Class<HeadState> type) {
            byte[] parameters = readBytes(in);
            return new HeadState(parameters, readBytes(in));
        }
    }

    /** {@link HeadUpdate}. */
    public static final class Update extends Serializer<HeadUpdate> {
        private final Head heads = new Head();

        @Override
        public void write(Kryo kryo, Output out, HeadUpdate u) {
            out.writeVarInt(u.client(), false);
            out.writeVarInt(u.samples(), true);
            heads.write(kryo, out, u.state());
            out.writeVarLong(u.parameterBytes(), true);
            writeTask(out, u.task());
            out.writeDouble(u.seconds());
        }

        @Override
        public HeadUpdate read(Kryo kryo, Input in, Class<HeadUpdate> type) {
            int client = in.readVarInt(false);
            int samples = in.readVarInt(true);
            HeadState state = heads.read(kryo, in, HeadState.class);
            long parameterBytes = in.readVarLong(true);
            TaskGpus task = readTask(in);
            return new HeadUpdate(client, samples, state, parameterBytes, task, in.readDouble());
        }
    }

    /** {@link ClientShard}. */
    public static final class Shard extends Serializer<ClientShard> {
        @Override
        public void write(Kryo kryo, Output out, ClientShard s) {
            out.writeVarInt(s.client(), false);
            out.writeVarInt(s.imageValues(), true);
            out.writeVarInt(s.sampleIds().length, true);
            out.writeLongs(s.sampleIds(), true);
            out.writeInts(s.labels(), true);
            writeBytes(out, s.pixels());
        }

        @Override
        public ClientShard read(Kryo kryo, Input in, Class<ClientShard> type) {
            int client = in.readVarInt(false);
            int imageValues = in.readVarInt(true);
            int n = in.readVarInt(true);
            long[] ids = in.readLongs(n, true);
            int[] labels = in.readInts(n, true);
            return new ClientShard(client, ids, labels, readBytes(in), imageValues);
        }
    }

    /** {@link StepHeads}. */
    public static final class Heads extends Serializer<StepHeads> {
        @Override
        public void write(Kryo kryo, Output out, StepHeads h) {
            writeBytes(out, h.global());
            writeMap(out, h.ownParameters());
            writeMap(out, h.ownOptimizers());
        }

        @Override
        public StepHeads read(Kryo kryo, Input in, Class<StepHeads> type) {
            byte[] global = readBytes(in);
            java.util.Map<Integer, byte[]> parameters = readMap(in);
            return new StepHeads(global, parameters, readMap(in));
        }

        private static void writeMap(Output out, java.util.Map<Integer, byte[]> map) {
            out.writeVarInt(map.size(), true);
            for (java.util.Map.Entry<Integer, byte[]> e : map.entrySet()) {
                out.writeVarInt(e.getKey(), false);
                writeBytes(out, e.getValue());
            }
        }

        private static java.util.Map<Integer, byte[]> readMap(Input in) {
            int n = in.readVarInt(true);
            java.util.Map<Integer, byte[]> map = new java.util.TreeMap<>();
            for (int i = 0; i < n; i++) {
                int key = in.readVarInt(false);
                map.put(key, readBytes(in));
            }
            return map;
        }
    }

    /** {@link EvalCount}. */
    public static final class Eval extends Serializer<EvalCount> {
        @Override
        public void write(Kryo kryo, Output out, EvalCount c) {
            out.writeVarInt(c.head(), true);
            out.writeVarLong(c.correct(), true);
            out.writeVarLong(c.total(), true);
            writeTask(out, c.task());
        }

        @Override
        public EvalCount read(Kryo kryo, Input in, Class<EvalCount> type) {
            int head = in.readVarInt(true);
            long correct = in.readVarLong(true);
            long total = in.readVarLong(true);
            return new EvalCount(head, correct, total, readTask(in));
        }
    }

    /** {@link ModelSnapshot}. */
    public static final class Snapshot extends Serializer<ModelSnapshot> {
        @Override
        public void write(Kryo kryo, Output out, ModelSnapshot m) {
            writeBytes(out, m.body());
            writeBytes(out, m.tail());
            out.writeVarInt(m.heads().size(), true);
            for (byte[] head : m.heads()) {
                writeBytes(out, head);
            }
        }

        @Override
        public ModelSnapshot read(Kryo kryo, Input in, Class<ModelSnapshot> type) {
            byte[] body = readBytes(in);
            byte[] tail = readBytes(in);
            int n = in.readVarInt(true);
            java.util.List<byte[]> heads = new java.util.ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                heads.add(readBytes(in));
            }
            return new ModelSnapshot(body, tail, heads);
        }
    }

    /** {@link ServerOutput}. */
    public static final class Server extends Serializer<ServerOutput> {
        private final Gradient gradients = new Gradient();

        @Override
        public void write(Kryo kryo, Output out, ServerOutput o) {
            out.writeFloat(o.loss());
            out.writeVarInt(o.gradients().length, true);
            for (GradientRecord g : o.gradients()) {
                gradients.write(kryo, out, g);
            }
            out.writeVarLong(o.uploadBytes(), true);
            out.writeDouble(o.seconds());
            out.writeDouble(o.distanceCorrelation());
            writeTask(out, o.task());
            out.writeVarInt(o.forwardTasks().size(), true);
            for (TaskGpus t : o.forwardTasks()) {
                writeTask(out, t);
            }
            out.writeVarInt(o.uploads().size(), true);
            for (UploadCost u : o.uploads()) {
                out.writeVarInt(u.client(), false);
                out.writeVarLong(u.bytes(), true);
                out.writeDouble(u.seconds());
            }
            out.writeString(o.dropped());
        }

        @Override
        public ServerOutput read(Kryo kryo, Input in, Class<ServerOutput> type) {
            float loss = in.readFloat();
            GradientRecord[] records = new GradientRecord[in.readVarInt(true)];
            for (int i = 0; i < records.length; i++) {
                records[i] = gradients.read(kryo, in, GradientRecord.class);
            }
            long bytes = in.readVarLong(true);
            double seconds = in.readDouble();
            double distanceCorrelation = in.readDouble();
            TaskGpus task = readTask(in);
            TaskGpus[] forward = new TaskGpus[in.readVarInt(true)];
            for (int i = 0; i < forward.length; i++) {
                forward[i] = readTask(in);
            }
            UploadCost[] uploads = new UploadCost[in.readVarInt(true)];
            for (int i = 0; i < uploads.length; i++) {
                uploads[i] = new UploadCost(in.readVarInt(false), in.readVarLong(true), in.readDouble());
            }
            return new ServerOutput(loss, records, bytes, seconds, distanceCorrelation, task,
                    java.util.Arrays.asList(forward), java.util.Arrays.asList(uploads), in.readString());
        }
    }
}
