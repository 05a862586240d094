package org.cutmixsl.spark.records;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.util.List;
import java.util.Map;
import org.apache.spark.SparkConf;
import org.apache.spark.serializer.KryoSerializer;
import org.apache.spark.serializer.SerializerInstance;
import org.junit.jupiter.api.Test;
import scala.reflect.ClassTag;
import scala.reflect.ClassTag$;

/**
 * Every record type survives Spark's real KryoSerializer, configured as the job configures it (this
 * registrator, registration required), and a record damaged after serialization is caught by verify().
 */
class RecordsRoundTripThroughSparkKryo {

    private static final SerializerInstance KRYO = new KryoSerializer(new SparkConf()
            .set("spark.kryo.registrator", CutMixSLKryoRegistrator.class.getName())
            .set("spark.kryo.registrationRequired", "true")).newInstance();

    @SuppressWarnings("unchecked")
    private static <T> T roundTrip(T value) {
        ClassTag<Object> tag = (ClassTag<Object>) ClassTag$.MODULE$.apply(value.getClass());
        ByteBuffer bytes = KRYO.serialize(value, tag);
        return (T) KRYO.deserialize(bytes, tag);
    }

    @Test
    void cutSmashedRecordRoundTripsAndVerifies() {
        CutSmashedRecord r = new CutSmashedRecord(3, 1, 4, 17, 2, new int[] {7, 9}, new byte[] {1, 2, 3, 4, 5});
        CutSmashedRecord back = roundTrip(r).verify();
        assertEquals(3, back.round());
        assertEquals(1, back.step());
        assertEquals(4, back.group());
        assertEquals(17, back.client());
        assertEquals(2, back.batchSize());
        assertArrayEquals(new int[] {7, 9}, back.labels());
        assertArrayEquals(new byte[] {1, 2, 3, 4, 5}, back.payload());
        assertEquals(r.checksum(), back.checksum());
    }

    @Test
    void damagedCutSmashedRecordIsRejectedNamingTheClient() {
        CutSmashedRecord damaged = roundTrip(new CutSmashedRecord(3, 0, 1, 17, 2, new int[] {7, 9},
                new byte[] {1, 2, 3, 4, 5}).withFlippedPayloadByte(2));
        RecordIntegrityException e = assertThrows(RecordIntegrityException.class, damaged::verify);
        assertTrue(e.getMessage().contains("client 17") && e.getMessage().contains("round 3"), e.getMessage());
    }

    @Test
    void gradientRecordRoundTripsAndVerifies() {
        GradientRecord g = roundTrip(new GradientRecord(5, 2, 8, new byte[] {9, 8, 7})).verify();
        assertEquals(5, g.round());
        assertEquals(2, g.step());
        assertEquals(8, g.client());
        assertArrayEquals(new byte[] {9, 8, 7}, g.payload());
    }

    @Test
    void clientUploadCarriesItsMeasuredSizeAndTime() {
        ClientUpload u = roundTrip(new ClientUpload(new CutSmashedRecord(1, 0, 0, -1, 1, new int[] {3}, new byte[7]), 123L,
                0.25, new TaskGpus(41L, List.of("3")), 0.0625));
        assertEquals(123L, u.serializedBytes());
        assertEquals(0.0625, u.seconds());
        assertEquals(new TaskGpus(41L, List.of("3")), u.task());
        assertEquals(0.25, u.distanceCorrelation());
        assertEquals(-1, u.record().verify().client());
    }

    @Test
    void headStateAndUpdateRoundTrip() {
        HeadUpdate u = roundTrip(new HeadUpdate(4, 600, new HeadState(new byte[] {1, 2}, new byte[] {3}), 77L,
                new TaskGpus(0L, List.of("0", "1")), 1.75));
        assertEquals(new TaskGpus(0L, List.of("0", "1")), u.task());
        assertEquals(1.75, u.seconds());
        assertEquals(4, u.client());
        assertEquals(600, u.samples());
        assertArrayEquals(new byte[] {1, 2}, u.state().parameters());
        assertArrayEquals(new byte[] {3}, u.state().optimizer());
        assertEquals(77L, u.parameterBytes());
    }

    @Test
    void clientShardRoundTrips() {
        ClientShard s = roundTrip(new ClientShard(2, new long[] {10, 20}, new int[] {1, 2}, new byte[] {5, 6, 7, 8}, 2));
        assertEquals(2, s.client());
        assertArrayEquals(new long[] {10, 20}, s.sampleIds());
        assertArrayEquals(new int[] {1, 2}, s.labels());
        assertArrayEquals(new byte[] {5, 6, 7, 8}, s.pixels());
        assertEquals(2, s.imageValues());
    }

    @Test
    void stepHeadsKeepGlobalAndOwnStates() {
        StepHeads h = roundTrip(new StepHeads(new byte[] {1}, Map.of(3, new byte[] {2}), Map.of(3, new byte[] {4}, 5,
                new byte[] {6})));
        assertArrayEquals(new byte[] {2}, h.stateOf(3).parameters());
        assertArrayEquals(new byte[] {4}, h.stateOf(3).optimizer());
        assertArrayEquals(new byte[] {1}, h.stateOf(5).parameters());
        assertArrayEquals(new byte[] {6}, h.stateOf(5).optimizer());
        assertArrayEquals(new byte[] {1}, h.stateOf(9).parameters());
        assertEquals(0, h.stateOf(9).optimizer().length);
    }

    @Test
    void evalCountAndModelSnapshotRoundTrip() {
        EvalCount c = roundTrip(new EvalCount(2, 950L, 1000L, TaskGpus.NONE));
        assertEquals(new EvalCount(2, 950L, 1000L, TaskGpus.NONE), c);
        ModelSnapshot m = roundTrip(new ModelSnapshot(new byte[] {1}, new byte[] {2, 3}, List.of(new byte[] {4}, new byte[] {5})));
        assertArrayEquals(new byte[] {2, 3}, m.tail());
        assertEquals(2, m.heads().size());
        assertArrayEquals(new byte[] {5}, m.heads().get(1));
    }

    @Test
    void serverOutputRoundTrips() {
        ServerOutput o = roundTrip(new ServerOutput(1.5f, new GradientRecord[] {new GradientRecord(1, 0, 3, new byte[] {2})},
                99L, 0.75, Double.NaN, new TaskGpus(7L, List.of("2")), List.of(new TaskGpus(5L, List.of("0")),
                new TaskGpus(6L, List.of())), List.of(new UploadCost(3, 42L, 0.125), new UploadCost(-1, 7L, 2.5)),
                "1:failure;4:group"));
        assertEquals("1:failure;4:group", o.dropped());
        assertEquals(List.of(new UploadCost(3, 42L, 0.125), new UploadCost(-1, 7L, 2.5)), o.uploads());
        assertEquals(new TaskGpus(7L, List.of("2")), o.task());
        assertEquals(List.of(new TaskGpus(5L, List.of("0")), new TaskGpus(6L, List.of())), o.forwardTasks());
        assertEquals(1.5f, o.loss());
        assertEquals(3, o.gradients()[0].verify().client());
        assertEquals(99L, o.uploadBytes());
        assertEquals(0.75, o.seconds());
        assertTrue(Double.isNaN(o.distanceCorrelation()));
    }

    @Test
    void arraysOfRecordsRoundTrip() {
        // collect() ships each task's results as an array of the element type.
        GradientRecord[] back = roundTrip(new GradientRecord[] {new GradientRecord(1, 0, 2, new byte[] {1})});
        assertEquals(2, back[0].verify().client());
    }
}
