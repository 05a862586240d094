package org.cutmixsl.model.bench;

import java.util.concurrent.TimeUnit;
import org.cutmixsl.model.plan.GroupPlan;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.infra.Blackhole;

/** {@link MixerBenchmark#gatherScatter}'s work done with ND4J ({@link Nd4jMixing}), arrays already off-heap. */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class Nd4jBaselineBenchmark {

    private Nd4jMixing nd4j;
    private INDArray batch;
    private INDArray grad;
    private INDArray[] rows;
    private INDArray wideBatch;
    private INDArray wideGrad;
    private INDArray scratch;
    private INDArray[] members;
    private INDArray[] memberGrads;

    @Setup
    public void setup() {
        GroupPlan g = BenchInputs.group();
        nd4j = new Nd4jMixing(g);
        int rowsPerBatch = BenchInputs.B * BenchInputs.P;
        batch = Nd4j.create(DataType.FLOAT, rowsPerBatch, BenchInputs.D);
        grad = Nd4j.create(BenchInputs.tokens(7), new long[] {rowsPerBatch, BenchInputs.D}, DataType.FLOAT);
        rows = nd4j.cutMixGather(Nd4j.create(BenchInputs.tokens(100), new long[] {rowsPerBatch, BenchInputs.D}, DataType.FLOAT));
        long wide = (long) BenchInputs.P * BenchInputs.D;
        wideBatch = Nd4j.create(DataType.FLOAT, BenchInputs.B, wide);
        wideGrad = grad.reshape(BenchInputs.B, wide);
        scratch = Nd4j.create(DataType.FLOAT, BenchInputs.B, wide);
        members = new INDArray[g.size()];
        memberGrads = new INDArray[g.size()];
        for (int k = 0; k < members.length; k++) {
            members[k] = Nd4j.create(BenchInputs.tokens(100 + k), new long[] {BenchInputs.B, wide}, DataType.FLOAT);
            memberGrads[k] = Nd4j.create(DataType.FLOAT, BenchInputs.B, wide);
        }
    }

    @Benchmark
    public void cutMixScatterGather(Blackhole bh) {
        nd4j.cutMixScatter(batch, rows);
        for (INDArray r : nd4j.cutMixGather(grad)) {
            bh.consume(r);
            r.close();
        }
    }

    @Benchmark
    public INDArray[] mixupCombineSplit() {
        nd4j.mixupCombine(wideBatch, members, scratch);
        nd4j.mixupSplit(wideGrad, memberGrads);
        return memberGrads;
    }

    @TearDown
    public void tearDown() {
        nd4j.close();
    }
}
