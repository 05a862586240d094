package org.cutmixsl.model.bench;

import ai.djl.pytorch.jni.JniUtils;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * libtorch's own operator profile of a stretch of work, summed per operator: calls, self time (the operator's time
 * less that of the operators it called), and for the matrix products ({@code aten::mm}, {@code aten::addmm},
 * {@code aten::bmm}, {@code aten::baddbmm}) the floating-point operations their recorded input shapes imply.
 *
 * <p>{@link #record} runs the work under libtorch's profiler (DJL's {@code JniUtils.startProfile}, input shapes
 * recorded) and reads the Chrome trace it writes: one event per operator call with its thread, start and duration
 * in microseconds and its inputs' shapes. Events of one thread nest; an event with no enclosing event is top level,
 * and the top-level events' durations add up to the time spent inside libtorch's operators. What the work spent
 * outside them (Java, JNI, copies DJL makes before it calls libtorch) is the wall time less that.
 */
public final class OpProfile {

    /**
     * One operator's totals over the profiled work.
     *
     * @param name libtorch's name ({@code aten::addmm}, {@code autograd::engine::evaluate_function: ...})
     * @param calls how many times it ran
     * @param selfMicros its time less that of the operators it called, µs
     * @param totalMicros its time including them, µs (an operator nested in itself counts twice)
     * @param flops floating-point operations of its matrix products (0 for other operators)
     */
    public record Op(String name, long calls, double selfMicros, double totalMicros, double flops) {
        /** @return GFLOP/s over its self time, 0 where it does no matrix product */
        public double gflops() {
            return flops == 0 || selfMicros == 0 ? 0 : flops / selfMicros / 1e3;
        }
    }

    private final List<Op> ops;
    private final double topLevelMicros;

    private OpProfile(List<Op> ops, double topLevelMicros) {
        this.ops = List.copyOf(ops);
        this.topLevelMicros = topLevelMicros;
    }

    /**
     * Runs the work under libtorch's profiler.
     *
     * @param work what to profile; it runs once, in this thread
     * @param trace where libtorch writes its Chrome trace (kept, for chrome://tracing or Perfetto)
     * @return the profile
     */
    public static OpProfile record(Runnable work, Path trace) {
        JniUtils.startProfile(false, true, false);
        try {
            work.run();
        } finally {
            JniUtils.stopProfile(trace.toAbsolutePath().toString());
        }
        return parse(trace);
    }

    /**
     * @param trace a Chrome trace as libtorch's legacy profiler writes it through DJL
     * @return the profile
     * @throws IllegalArgumentException naming the file when it is not such a trace
     */
    public static OpProfile parse(Path trace) {
        JsonArray events;
        try (Reader in = Files.newBufferedReader(trace, StandardCharsets.UTF_8)) {
            JsonElement root = JsonParser.parseReader(in);
            if (!root.isJsonArray()) {
                throw new IllegalArgumentException(trace + ": expected a JSON array of trace events");
            }
            events = root.getAsJsonArray();
        } catch (IOException e) {
            throw new UncheckedIOException(trace + ": cannot read the profile", e);
        } catch (RuntimeException e) {
            if (e instanceof IllegalArgumentException) {
                throw e;
            }
            throw new IllegalArgumentException(trace + ": not a libtorch trace: " + e.getMessage(), e);
        }
        Map<Long, List<Event>> byThread = new LinkedHashMap<>();
        for (JsonElement e : events) {
            Event event = Event.of(trace, e);
            byThread.computeIfAbsent(event.tid, t -> new ArrayList<>()).add(event);
        }
        Map<String, double[]> sums = new LinkedHashMap<>(); // calls, self, total, flops
        double topLevel = 0;
        for (List<Event> thread : byThread.values()) {
            // Parents first: earlier start, or the same start and the longer duration.
            thread.sort(Comparator.comparingDouble((Event e) -> e.ts).thenComparing(e -> -e.dur));
            Deque<Event> open = new ArrayDeque<>();
            for (Event e : thread) {
                while (!open.isEmpty() && e.ts >= open.peek().end()) {
                    open.pop();
                }
                if (open.isEmpty()) {
                    topLevel += e.dur;
                } else {
                    open.peek().children += e.dur;
                }
                open.push(e);
            }
            for (Event e : thread) {
                double[] s = sums.computeIfAbsent(e.name, n -> new double[4]);
                s[0]++;
                s[1] += Math.max(0, e.dur - e.children);
                s[2] += e.dur;
                s[3] += flops(e.name, e.shapes);
            }
        }
        return of(sums, topLevel);
    }

    /** Per operator {calls, self, total, flops}, sorted into a profile. */
    private static OpProfile of(Map<String, double[]> sums, double topLevel) {
        List<Op> ops = new ArrayList<>();
        sums.forEach((name, s) -> ops.add(new Op(name, (long) s[0], s[1], s[2], s[3])));
        ops.sort(Comparator.comparingDouble(Op::selfMicros).reversed().thenComparing(Op::name));
        return new OpProfile(ops, topLevel);
    }

    /**
     * @param profiles profiles of separate stretches of work
     * @return their sums per operator
     */
    public static OpProfile sum(List<OpProfile> profiles) {
        Map<String, double[]> sums = new LinkedHashMap<>();
        double topLevel = 0;
        for (OpProfile p : profiles) {
            topLevel += p.topLevelMicros;
            for (Op o : p.ops) {
                double[] s = sums.computeIfAbsent(o.name(), n -> new double[4]);
                s[0] += o.calls();
                s[1] += o.selfMicros();
                s[2] += o.totalMicros();
                s[3] += o.flops();
            }
        }
        return of(sums, topLevel);
    }

    /** @return every operator, the largest self time first */
    public List<Op> ops() {
        return ops;
    }

    /** @return the time spent inside libtorch's operators, µs: the sum of the top-level events' durations */
    public double topLevelMicros() {
        return topLevelMicros;
    }

    /** @return the self time of the matrix products, µs */
    public double matmulMicros() {
        return ops.stream().filter(o -> o.flops() > 0).mapToDouble(Op::selfMicros).sum();
    }

    /** @return the floating-point operations of the matrix products */
    public double matmulFlops() {
        return ops.stream().mapToDouble(Op::flops).sum();
    }

    /**
     * Floating-point operations of one matrix product from its inputs' shapes: 2·m·k·n per product (a multiply and
     * an add per term), b of them for the batched ones. Bias additions are left out (m·n against 2·m·k·n).
     */
    static double flops(String name, List<long[]> shapes) {
        return switch (name) {
            case "aten::mm" -> shapes.size() >= 2 ? product(shapes.get(0), shapes.get(1)) : 0;
            case "aten::addmm", "aten::baddbmm" -> shapes.size() >= 3 ? product(shapes.get(1), shapes.get(2)) : 0;
            case "aten::bmm" -> shapes.size() >= 2 ? product(shapes.get(0), shapes.get(1)) : 0;
            default -> 0;
        };
    }

    /** 2·m·k·n for (m, k)·(k, n), times b for (b, m, k)·(b, k, n); 0 for shapes that are neither. */
    private static double product(long[] a, long[] b) {
        if (a.length == 2 && b.length == 2 && a[1] == b[0]) {
            return 2.0 * a[0] * a[1] * b[1];
        }
        if (a.length == 3 && b.length == 3 && a[0] == b[0] && a[2] == b[1]) {
            return 2.0 * a[0] * a[1] * a[2] * b[2];
        }
        return 0;
    }

    /** One operator call of the trace. */
    private static final class Event {
        final String name;
        final long tid;
        final double ts;
        final double dur;
        final List<long[]> shapes;
        double children;

        private Event(String name, long tid, double ts, double dur, List<long[]> shapes) {
            this.name = name;
            this.tid = tid;
            this.ts = ts;
            this.dur = dur;
            this.shapes = shapes;
        }

        double end() {
            return ts + dur;
        }

        static Event of(Path trace, JsonElement element) {
            if (!element.isJsonObject()) {
                throw new IllegalArgumentException(trace + ": a trace event is not a JSON object: " + element);
            }
            JsonObject o = element.getAsJsonObject();
            for (String key : new String[] {"name", "ts", "dur", "tid"}) {
                if (!o.has(key)) {
                    throw new IllegalArgumentException(trace + ": a trace event has no \"" + key + "\": " + o);
                }
            }
            List<long[]> shapes = new ArrayList<>();
            if (o.has("shape") && o.get("shape").isJsonArray()) {
                for (JsonElement s : o.getAsJsonArray("shape")) {
                    JsonArray dims = s.isJsonArray() ? s.getAsJsonArray() : new JsonArray();
                    long[] d = new long[dims.size()];
                    for (int i = 0; i < d.length; i++) {
                        d[i] = dims.get(i).getAsLong();
                    }
                    shapes.add(d);
                }
            }
            return new Event(o.get("name").getAsString(), o.get("tid").getAsLong(), o.get("ts").getAsDouble(),
                    o.get("dur").getAsDouble(), shapes);
        }
    }
}
