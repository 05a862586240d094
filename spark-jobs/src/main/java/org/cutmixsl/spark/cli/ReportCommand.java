package org.cutmixsl.spark.cli;

import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.nio.file.Paths;
import org.cutmixsl.spark.report.Report;

/**
 * {@code report --study STUDY_DIR} or {@code report --run RUN_DIR}: writes report.html and its PNG plots into the
 * folder and prints the report's path. Needs no Spark session: it reads the study's results table and the runs'
 * own files.
 */
public final class ReportCommand {

    static final String USAGE = "usage: report --study STUDY_DIR | --run RUN_DIR";

    private ReportCommand() {}

    /** @param args see the class comment */
    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    /**
     * @param args the command line
     * @param out the report's path
     * @param err error messages
     * @return the exit code
     */
    public static int run(String[] args, PrintStream out, PrintStream err) {
        String study = null;
        String run = null;
        try {
            for (int i = 0; i < args.length; i++) {
                switch (args[i]) {
                    case "--study" -> study = value(args, ++i, "--study");
                    case "--run" -> run = value(args, ++i, "--run");
                    case "-h", "--help" -> {
                        out.println(USAGE);
                        return ExitCodes.OK;
                    }
                    default -> throw new IllegalArgumentException("unknown argument " + args[i] + "; " + USAGE);
                }
            }
            if ((study == null) == (run == null)) {
                throw new IllegalArgumentException("give one of --study STUDY_DIR and --run RUN_DIR; " + USAGE);
            }
        } catch (IllegalArgumentException e) {
            err.println("error: " + e.getMessage());
            return ExitCodes.BAD_CONFIG;
        }
        try {
            Path report = study != null ? Report.study(Paths.get(study)) : Report.run(Paths.get(run));
            out.println(report);
            return ExitCodes.OK;
        } catch (IllegalArgumentException e) {
            err.println("error: " + e.getMessage());
            return ExitCodes.BAD_DATA;
        } catch (UncheckedIOException e) {
            err.println("error: " + e.getMessage());
            return ExitCodes.BAD_DATA;
        }
    }

    private static String value(String[] args, int i, String flag) {
        if (i >= args.length) {
            throw new IllegalArgumentException(flag + " needs a value; " + USAGE);
        }
        return args[i];
    }
}
