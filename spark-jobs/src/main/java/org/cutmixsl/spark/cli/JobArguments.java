package org.cutmixsl.spark.cli;

import java.util.ArrayList;
import java.util.List;

/**
 * The job's command line: {@code --config FILE --out RUN_DIR [--set key=value ...] [--resume]
 * [--overwrite]}.
 *
 * @param config the configuration file, or null for the defaults
 * @param out the run directory
 * @param overrides {@code key=value} overrides, in order
 * @param resume continue from the latest checkpoint
 * @param overwrite replace a finished run
 * @param help print usage only
 */
public record JobArguments(String config, String out, List<String> overrides, boolean resume, boolean overwrite,
                           boolean help) {

    /** Usage text. */
    public static final String USAGE = "usage: TrainJob --config FILE --out RUN_DIR [--set key=value ...] [--resume]"
            + " [--overwrite]";

    /**
     * @param args the arguments
     * @return the parsed arguments
     * @throws IllegalArgumentException naming the bad argument
     */
    public static JobArguments parse(String[] args) {
        String config = null;
        String out = null;
        List<String> overrides = new ArrayList<>();
        boolean resume = false;
        boolean overwrite = false;
        boolean help = false;
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            switch (a) {
                case "--config":
                    config = value(args, ++i, a);
                    break;
                case "--out":
                    out = value(args, ++i, a);
                    break;
                case "--set":
                    overrides.add(value(args, ++i, a));
                    break;
                case "--resume":
                    resume = true;
                    break;
                case "--overwrite":
                    overwrite = true;
                    break;
                case "-h":
                case "--help":
                    help = true;
                    break;
                default:
                    if (a.startsWith("--set=")) {
                        overrides.add(a.substring("--set=".length()));
                    } else {
                        throw new IllegalArgumentException("unknown argument " + a + "; " + USAGE);
                    }
            }
        }
        if (!help && out == null) {
            throw new IllegalArgumentException("--out RUN_DIR is required; " + USAGE);
        }
        if (resume && overwrite) {
            throw new IllegalArgumentException("--resume and --overwrite exclude each other");
        }
        return new JobArguments(config, out, overrides, resume, overwrite, help);
    }

    private static String value(String[] args, int i, String flag) {
        if (i >= args.length || args[i].startsWith("--")) {
            throw new IllegalArgumentException(flag + " needs a value; " + USAGE);
        }
        return args[i];
    }
}
