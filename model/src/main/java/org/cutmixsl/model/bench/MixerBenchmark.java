package org.cutmixsl.model.bench;

import java.util.concurrent.TimeUnit;
import org.cutmixsl.model.codec.DecodedTokens;
import org.cutmixsl.model.codec.Encoding;
import org.cutmixsl.model.mixer.CutMixMixer;
import org.cutmixsl.model.mixer.GroupMixer;
import org.cutmixsl.model.mixer.MixedBatch;
import org.cutmixsl.model.mixer.MixupMixer;
import org.cutmixsl.model.plan.GroupPlan;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.infra.Blackhole;

/**
 * A group of two (B = 64, P = 49, D = 64): {@link #gatherScatter} is the mixer's own work, from the members'
 * decoded rows to the batch and from the batch gradient back to each member's rows, into reused buffers;
 * {@link #payloadsFp16} is the whole server side of a group, fp16 payloads in and out.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class MixerBenchmark {

    @Param({"cutmix", "mixup"})
    public String method;

    private GroupMixer mixer;
    private GroupPlan group;
    private DecodedTokens[] uploads;
    private byte[][] payloads;
    private int[][] labels;
    private float[] batch;
    private float[] grad;
    private float[][] rows;

    @Setup
    public void setup() {
        mixer = method.equals("cutmix") ? new CutMixMixer() : new MixupMixer();
        group = BenchInputs.group();
        uploads = BenchInputs.decodedUploads(mixer, group, Encoding.FP32);
        payloads = BenchInputs.payloads(mixer, group, Encoding.FP16);
        labels = new int[group.size()][BenchInputs.B];
        batch = new float[BenchInputs.FLOATS];
        grad = BenchInputs.tokens(7);
        rows = new float[group.size()][];
        for (int k = 0; k < rows.length; k++) {
            rows[k] = new float[mixer.uploadSelection(group, k).totalKept() * BenchInputs.D];
        }
    }

    @Benchmark
    public float[][] gatherScatter() {
        mixer.mixTokensInto(group, uploads, batch);
        mixer.splitRowsInto(group, grad, BenchInputs.D, rows);
        return rows;
    }

    @Benchmark
    public void payloadsFp16(Blackhole bh) {
        try (MixedBatch b = mixer.mix(group, payloads, labels, 10)) {
            bh.consume(b.tokenArray());
        }
        bh.consume(mixer.splitGradient(group, grad, BenchInputs.D, Encoding.FP16));
    }
}
