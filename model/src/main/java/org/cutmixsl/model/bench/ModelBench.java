package org.cutmixsl.model.bench;

import ai.djl.Device;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;
import org.cutmixsl.common.cli.Subcommand;
import org.cutmixsl.model.codec.TokenCodec;
import org.cutmixsl.model.device.DeviceOption;
import org.cutmixsl.model.train.BareLoopBench;
import org.cutmixsl.model.train.CentralizedBench;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;
import org.openjdk.jmh.runner.options.VerboseMode;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code bench model}: runs the codec and mixer benchmarks with JMH and prints one {@code key=value} per line on
 * standard output, then the bare loop's training throughput ({@link BareLoopBench}: {@code bare_loop_images_per_s},
 * in this JVM after the forks). A ratio is memcpy time / operation time for the same batch of fp32 tokens (B·P·D floats), so 1
 * means as fast as {@link System#arraycopy}; GB/s count that batch's fp32 bytes per operation. Each figure is the
 * median of the measurement iterations (the machines it runs on are shared; the median shrugs off an iteration
 * that a neighbour's build slowed down).
 *
 * <p>One fork per benchmark, with this JVM's own flags ({@code --add-modules jdk.incubator.vector} decides whether
 * the codec runs its vector kernels; {@code codec_kernels} says which ran). About two minutes on two
 * cores, plus about half a minute for the bare loop. {@code --verbose} sends JMH's own report to standard error;
 * {@code --device} says where the bare loop computes.
 */
@Command(name = "bench model", description = "Codec and mixer throughput against System.arraycopy (JMH), then the"
        + " bare loop's training images/s; one key=value per line.")
public final class ModelBench extends Subcommand {

    @Option(names = "--verbose", description = "send JMH's own report to standard error")
    boolean verbose;

    @Mixin
    DeviceOption device = new DeviceOption();

    /** @param args {@code [--verbose] [--device cpu|gpu|auto]} */
    public static void main(String[] args) {
        exit(new ModelBench(), args);
    }

    @Override
    public Integer call() throws RunnerException {
        // Resolved first: a GPU that is not there fails now, not after the two minutes of JMH.
        Device on = device.device();
        Map<String, Double> us = run(verbose);
        double memcpy = us.get("memcpy");
        Map<String, String> figures = new LinkedHashMap<>();
        figures.put("codec_kernels", TokenCodec.kernels());
        figures.put("memcpy_us", fmt(memcpy));
        figures.put("memcpy_gbps", gbps(memcpy));
        figures.put("codec_vs_memcpy", ratio(memcpy, us.get("codec FP16")));
        figures.put("codec_fp16_gbps", gbps(us.get("codec FP16")));
        figures.put("codec_fp32_vs_memcpy", ratio(memcpy, us.get("codec FP32")));
        figures.put("codec_fp32_gbps", gbps(us.get("codec FP32")));
        figures.put("codec_int8_vs_memcpy", ratio(memcpy, us.get("codec INT8")));
        figures.put("codec_int8_gbps", gbps(us.get("codec INT8")));
        figures.put("codec_fp16_alloc_vs_memcpy", ratio(memcpy, us.get("codec-alloc FP16")));
        figures.put("codec_fp32_alloc_vs_memcpy", ratio(memcpy, us.get("codec-alloc FP32")));
        figures.put("codec_int8_alloc_vs_memcpy", ratio(memcpy, us.get("codec-alloc INT8")));
        figures.put("mixer_vs_memcpy", ratio(memcpy, us.get("mixer cutmix")));
        figures.put("mixer_gbps", gbps(us.get("mixer cutmix")));
        figures.put("mixup_vs_memcpy", ratio(memcpy, us.get("mixer mixup")));
        figures.put("mixup_gbps", gbps(us.get("mixer mixup")));
        figures.put("mixer_fp16_payloads_vs_memcpy", ratio(memcpy, us.get("payloads cutmix")));
        figures.put("mixup_fp16_payloads_vs_memcpy", ratio(memcpy, us.get("payloads mixup")));
        figures.put("nd4j_cutmix_vs_memcpy", ratio(memcpy, us.get("nd4j cutmix")));
        figures.put("nd4j_mixup_vs_memcpy", ratio(memcpy, us.get("nd4j mixup")));
        for (Map.Entry<String, Double> e : us.entrySet()) {
            figures.put(e.getKey().replace(' ', '_').replace('-', '_').toLowerCase(Locale.ROOT) + "_us", fmt(e.getValue()));
        }
        figures.forEach((k, v) -> out.println(k + "=" + v));
        out.flush();
        BareLoopBench.Options bare = BareLoopBench.Options.defaults().withDevice(on);
        err.println("bench model: bare loop, " + bare.model().name() + ", " + bare.clients() + " clients, batch "
                + bare.batch() + ", " + bare.warmupRounds() + " warm-up + " + bare.measuredRounds() + " timed rounds, "
                + bare.threads() + " threads for the server, " + bare.clientThreads() + " for clients, " + on);
        BareLoopBench.Result loop = BareLoopBench.run(bare);
        BareLoopBench.print(loop, out);
        out.flush();
        err.println("bench model: centralized, the whole " + bare.model().name() + " in one loop, batch " + bare.batch()
                + ", " + bare.warmupRounds() + " warm-up + " + bare.measuredRounds() + " timed steps");
        CentralizedBench.Result plain = CentralizedBench.run(bare.model(), bare.batch(), bare.warmupRounds(),
                bare.measuredRounds(), bare.threads(), bare.seed(), on);
        CentralizedBench.print("centralized", plain, out);
        out.println("bare_vs_centralized=" + String.format(Locale.ROOT, "%.3f",
                loop.imagesPerSecond() / plain.imagesPerSecond()));
        return 0;
    }

    /** Runs the benchmarks; median µs per operation, keyed "memcpy", "codec FP16", "mixer cutmix", ... */
    static Map<String, Double> run(boolean verbose) throws RunnerException {
        ChainedOptionsBuilder opt = new OptionsBuilder()
                .include(only(MemcpyBenchmark.class))
                .include(only(CodecBenchmark.class))
                .include(only(MixerBenchmark.class))
                .include(only(Nd4jBaselineBenchmark.class))
                .forks(1)
                .warmupIterations(2)
                .warmupTime(TimeValue.seconds(1))
                .measurementIterations(4)
                .measurementTime(TimeValue.seconds(1))
                .jvmArgsAppend(forkArgs())
                .shouldFailOnError(true)
                .verbosity(verbose ? VerboseMode.NORMAL : VerboseMode.SILENT);
        if (verbose) {
            opt.output("/dev/stderr");
        } else {
            System.err.println("bench model: 13 JMH benchmarks, about 2 minutes");
        }
        Collection<RunResult> results = new Runner(opt.build()).run();
        Map<String, Double> us = new LinkedHashMap<>();
        for (RunResult r : results) {
            String bench = r.getParams().getBenchmark();
            String method = bench.substring(bench.lastIndexOf('.') + 1);
            double median = r.getPrimaryResult().getStatistics().getPercentile(50);
            String key = switch (method) {
                case "memcpy" -> "memcpy";
                case "encodeDecode" -> "codec " + r.getParams().getParam("encoding");
                case "encodeDecodeAllocating" -> "codec-alloc " + r.getParams().getParam("encoding");
                case "gatherScatter" -> "mixer " + r.getParams().getParam("method");
                case "payloadsFp16" -> "payloads " + r.getParams().getParam("method");
                case "cutMixScatterGather" -> "nd4j cutmix";
                case "mixupCombineSplit" -> "nd4j mixup";
                default -> bench;
            };
            us.put(key, median);
        }
        return us;
    }

    private static String only(Class<?> benchmark) {
        return "^" + Pattern.quote(benchmark.getName()) + "\\.";
    }

    /**
     * This JVM's flags for the forks, less a debugger agent (its port would clash), then a fixed, pre-touched
     * heap (512 MB): on these machines first touches of fresh heap pages cost system time that landed inside the
     * measurements of the allocating benchmarks and made them vary several-fold from run to run.
     */
    private static String[] forkArgs() {
        List<String> args = new ArrayList<>();
        for (String a : ManagementFactory.getRuntimeMXBean().getInputArguments()) {
            if (!a.startsWith("-agentlib:jdwp") && !a.startsWith("-Xrunjdwp")) {
                args.add(a);
            }
        }
        args.addAll(List.of("-Xms512m", "-Xmx512m", "-XX:+AlwaysPreTouch"));
        return args.toArray(new String[0]);
    }

    private static String ratio(double memcpyUs, Double opUs) {
        return opUs == null ? "n/a" : String.format(Locale.ROOT, "%.3f", memcpyUs / opUs);
    }

    private static String gbps(Double us) {
        return us == null ? "n/a" : String.format(Locale.ROOT, "%.2f", BenchInputs.BYTES / (us * 1e3));
    }

    private static String fmt(double v) {
        return String.format(Locale.ROOT, "%.2f", v);
    }
}
