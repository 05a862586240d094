package org.cutmixsl.spark.cli;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import org.cutmixsl.spark.method.SplitMethods;
import org.cutmixsl.spark.study.StudyConfig;

/**
 * {@code compare --config FILE --out DIR [--set key=value ...] [--methods a,b,...] [--seeds S] [--tune]}: runs the
 * methods on one configuration (same data, clients, rounds and batch size) over seeds 1..S, as a one-cell-per-method
 * study ({@link StudyConfig#comparison}): run directories DIR/runs/&lt;method&gt;-...-s&lt;seed&gt;, skipped when
 * finished and resumed when interrupted, then DIR/comparison.csv (mean, sd and 95% CI of test accuracy per method,
 * beside the byte columns) and DIR/head-to-head.csv. {@code --tune} chooses each method's lr and warm-up on
 * validation accuracy first. Exits non-zero when any run failed.
 */
public final class CompareCommand {

    static final String USAGE = "usage: compare --config FILE --out DIR [--set key=value ...] [--methods a,b,...]"
            + " [--seeds S] [--tune]";

    private CompareCommand() {}

    /** @param args see the class comment */
    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    static int run(String[] args, PrintStream out, PrintStream err) {
        String config = null;
        String dir = null;
        List<String> overrides = new ArrayList<>();
        List<String> methods = new ArrayList<>(SplitMethods.NAMES);
        int seeds = 3;
        boolean tune = false;
        StudyConfig study;
        try {
            for (int i = 0; i < args.length; i++) {
                String arg = args[i];
                String inline = null;
                if (arg.startsWith("--") && arg.contains("=")) {
                    inline = arg.substring(arg.indexOf('=') + 1);
                    arg = arg.substring(0, arg.indexOf('='));
                }
                switch (arg) {
                    case "--config" -> config = inline != null ? inline : value(args, ++i, arg);
                    case "--out" -> dir = inline != null ? inline : value(args, ++i, arg);
                    case "--set" -> overrides.add(inline != null ? inline : value(args, ++i, arg));
                    case "--methods" -> methods = List.of((inline != null ? inline : value(args, ++i, arg)).split(","));
                    case "--seeds" -> seeds = count(inline != null ? inline : value(args, ++i, arg));
                    case "--tune" -> tune = true;
                    case "-h", "--help" -> {
                        out.println(USAGE);
                        return ExitCodes.OK;
                    }
                    default -> throw new IllegalArgumentException("unknown argument " + args[i] + "; " + USAGE);
                }
            }
            if (dir == null) {
                throw new IllegalArgumentException("--out DIR is required; " + USAGE);
            }
            study = StudyConfig.comparison(config, overrides, methods, seeds, tune); // every run checked first
        } catch (IllegalArgumentException e) {
            err.println("error: " + e.getMessage());
            return ExitCodes.BAD_CONFIG;
        }
        return StudyCommand.execute(study, dir, "compare", out, err);
    }

    private static String value(String[] args, int i, String flag) {
        if (i >= args.length) {
            throw new IllegalArgumentException(flag + " needs a value; " + USAGE);
        }
        return args[i];
    }

    /** @return S of {@code --seeds S}, at least 1 */
    static int count(String value) {
        try {
            int n = Integer.parseInt(value.trim());
            if (n >= 1) {
                return n;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException("--seeds " + value + ": expected a whole number of seeds, at least 1");
    }
}
