package org.cutmixsl.model.bench;

import java.util.concurrent.TimeUnit;
import org.cutmixsl.model.codec.DecodedTokens;
import org.cutmixsl.model.codec.Encoding;
import org.cutmixsl.model.codec.TokenCodec;
import org.cutmixsl.model.codec.TokenSelection;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Encode plus decode of one full batch (every token kept), checksum included: {@link #encodeDecode} into buffers
 * reused from call to call (the codec's own cost), {@link #encodeDecodeAllocating} with a fresh payload and fresh
 * rows each time, as a round does.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class CodecBenchmark {

    @Param({"FP16", "FP32", "INT8"})
    public Encoding encoding;

    private float[] tokens;
    private float[] dest;
    private byte[] payload;
    private TokenSelection all;

    @Setup
    public void setup() {
        tokens = BenchInputs.tokens(1);
        dest = new float[tokens.length];
        all = TokenSelection.all(BenchInputs.B, BenchInputs.P);
        payload = new byte[TokenCodec.encodedLength(all, BenchInputs.D, encoding)];
    }

    @Benchmark
    public float[] encodeDecode() {
        TokenCodec.encodeInto(tokens, 0, BenchInputs.B, BenchInputs.P, BenchInputs.D, all, encoding, payload);
        TokenCodec.decodeInto(payload, dest, 0);
        return dest;
    }

    @Benchmark
    public DecodedTokens encodeDecodeAllocating() {
        return TokenCodec.decode(TokenCodec.encode(tokens, BenchInputs.B, BenchInputs.P, BenchInputs.D, all, encoding));
    }
}
