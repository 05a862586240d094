package org.cutmixsl.model.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The operator profile: nesting into self time, FLOPs from shapes, and a real libtorch trace read back. */
class OpProfileSumsSelfTimeAndMatrixProductFlops {

    @TempDir
    Path dir;

    @Test
    void selfTimeLeavesOutDirectChildrenAndTopLevelAddsOnlyOutermostEvents() throws IOException {
        // Thread 1: linear (0-100) calls addmm (10-70), which calls copy_ (20-30); then relu (120-130).
        // Thread 2: one mm (0-40) of (8, 4)·(4, 2).
        Path trace = dir.resolve("trace.json");
        Files.writeString(trace, """
                [
                {"name": "aten::linear", "ph": "X", "ts": 0, "dur": 100, "tid": 1, "pid": "CPU Functions",
                 "shape": [[16, 32], [64, 32], [64]], "cpu mem": "0 b", "gpu dur": -1, "device": -1, "args": {}},
                {"name": "aten::addmm", "ph": "X", "ts": 10, "dur": 60, "tid": 1, "pid": "CPU Functions",
                 "shape": [[64], [16, 32], [32, 64], [], []], "cpu mem": "0 b", "gpu dur": -1, "device": -1, "args": {}},
                {"name": "aten::copy_", "ph": "X", "ts": 20, "dur": 10, "tid": 1, "pid": "CPU Functions",
                 "shape": [[16, 32], [16, 32], []], "cpu mem": "0 b", "gpu dur": -1, "device": -1, "args": {}},
                {"name": "aten::relu", "ph": "X", "ts": 120, "dur": 10, "tid": 1, "pid": "CPU Functions",
                 "shape": [[16, 64]], "cpu mem": "0 b", "gpu dur": -1, "device": -1, "args": {}},
                {"name": "aten::mm", "ph": "X", "ts": 0, "dur": 40, "tid": 2, "pid": "CPU Functions",
                 "shape": [[8, 4], [4, 2]], "cpu mem": "0 b", "gpu dur": -1, "device": -1, "args": {}}
                ]
                """);
        OpProfile p = OpProfile.parse(trace);
        Map<String, OpProfile.Op> ops = byName(p);
        assertEquals(40, ops.get("aten::linear").selfMicros(), 1e-9);
        assertEquals(100, ops.get("aten::linear").totalMicros(), 1e-9);
        assertEquals(50, ops.get("aten::addmm").selfMicros(), 1e-9);
        assertEquals(10, ops.get("aten::copy_").selfMicros(), 1e-9);
        assertEquals(150, p.topLevelMicros(), 1e-9); // linear 100 + relu 10 + mm 40
        assertEquals(2.0 * 16 * 32 * 64, ops.get("aten::addmm").flops(), 1e-9);
        assertEquals(2.0 * 8 * 4 * 2, ops.get("aten::mm").flops(), 1e-9);
        assertEquals(0, ops.get("aten::linear").flops(), 1e-9); // counted once, in addmm
        assertEquals(90, p.matmulMicros(), 1e-9);
        assertEquals("aten::addmm", p.ops().get(0).name()); // largest self time first
    }

    @Test
    void batchedProductsCountEveryMatrix() {
        assertEquals(2.0 * 5 * 3 * 4 * 6, OpProfile.flops("aten::bmm", java.util.List.of(
                new long[] {5, 3, 4}, new long[] {5, 4, 6})), 1e-9);
        assertEquals(0, OpProfile.flops("aten::bmm", java.util.List.of(
                new long[] {5, 3, 4}, new long[] {5, 3, 6})), 1e-9); // inner sizes disagree: not a product
    }

    @Test
    void aRealLibtorchProfileFindsTheProductsItRan() {
        Path trace = dir.resolve("real.json");
        OpProfile p;
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray a = m.randomUniform(-1f, 1f, new Shape(64, 32));
            NDArray b = m.randomUniform(-1f, 1f, new Shape(32, 16));
            p = OpProfile.record(() -> {
                for (int i = 0; i < 3; i++) {
                    a.matMul(b).getFloat(0, 0);
                }
            }, trace);
        }
        assertTrue(Files.exists(trace), "the trace is kept where asked");
        assertEquals(3 * 2.0 * 64 * 32 * 16, p.matmulFlops(), 1e-6, p.ops().toString());
        assertTrue(p.matmulMicros() > 0);
        double selfSum = p.ops().stream().mapToDouble(OpProfile.Op::selfMicros).sum();
        assertEquals(p.topLevelMicros(), selfSum, 1e-6 * Math.max(1, selfSum) + 1e-3,
                "self times add up to the top-level time");
    }

    @Test
    void aFileThatIsNotATraceIsRefusedByName() throws IOException {
        Path bad = dir.resolve("bad.json");
        Files.writeString(bad, "{\"name\": 1}");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> OpProfile.parse(bad));
        assertTrue(e.getMessage().contains("bad.json"), e.getMessage());
        Files.writeString(bad, "[{\"name\": \"aten::mm\", \"ts\": 0}]");
        e = assertThrows(IllegalArgumentException.class, () -> OpProfile.parse(bad));
        assertTrue(e.getMessage().contains("\"dur\""), e.getMessage());
    }

    private static Map<String, OpProfile.Op> byName(OpProfile p) {
        return p.ops().stream().collect(Collectors.toMap(OpProfile.Op::name, Function.identity()));
    }
}
