package org.cutmixsl.model.bench;

import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/** The baseline: {@link System#arraycopy} of one batch of fp32 tokens between two arrays. */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class MemcpyBenchmark {

    private float[] src;
    private float[] dst;

    @Setup
    public void setup() {
        src = BenchInputs.tokens(1);
        dst = new float[src.length];
    }

    @Benchmark
    public float[] memcpy() {
        System.arraycopy(src, 0, dst, 0, src.length);
        return dst;
    }
}
