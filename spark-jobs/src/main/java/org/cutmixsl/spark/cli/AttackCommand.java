package org.cutmixsl.spark.cli;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.SparkSession;
import org.cutmixsl.spark.attack.AttackProblem;
import org.cutmixsl.spark.attack.ReconstructionAttack;

/**
 * {@code attack --run RUN_DIR [--steps N] [--set attack.key=value ...]}: the reconstruction attack on a finished
 * run ({@link ReconstructionAttack}); results are added under RUN_DIR/attack/. Exits 3 when the run, its head
 * snapshots or its dataset's server holdout are missing, naming what is missing.
 */
public final class AttackCommand {

    static final String USAGE = "usage: attack --run RUN_DIR [--steps N] [--set attack.key=value ...]";

    private AttackCommand() {}

    /** @param args see the class comment */
    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    /**
     * @param args the command line
     * @param out progress and results
     * @param err error messages
     * @return the exit code
     */
    public static int run(String[] args, PrintStream out, PrintStream err) {
        String runDir = null;
        List<String> overrides = new ArrayList<>();
        try {
            for (int i = 0; i < args.length; i++) {
                switch (args[i]) {
                    case "--run" -> runDir = value(args, ++i, "--run");
                    case "--steps" -> {
                        String steps = value(args, ++i, "--steps");
                        if (!steps.matches("[1-9][0-9]*")) {
                            throw new IllegalArgumentException("--steps " + steps + ": expected a positive integer");
                        }
                        overrides.add("attack.decoder.steps=" + steps);
                    }
                    case "--set" -> overrides.add(value(args, ++i, "--set"));
                    case "-h", "--help" -> {
                        out.println(USAGE);
                        return ExitCodes.OK;
                    }
                    default -> throw new IllegalArgumentException("unknown argument " + args[i] + "; " + USAGE);
                }
            }
            if (runDir == null) {
                throw new IllegalArgumentException("--run RUN_DIR is required; " + USAGE);
            }
        } catch (IllegalArgumentException e) {
            err.println("error: " + e.getMessage());
            return ExitCodes.BAD_CONFIG;
        }
        SparkSession spark = SparkSessions.create("CutMixSL attack");
        try {
            ReconstructionAttack.run(spark, runDir, overrides, out);
            return ExitCodes.OK;
        } catch (AttackProblem e) {
            err.println("error: " + e.getMessage());
            return ExitCodes.BAD_DATA;
        } catch (IllegalArgumentException e) {
            err.println("error: " + e.getMessage());
            return ExitCodes.BAD_CONFIG;
        } catch (RuntimeException | Error e) {
            err.println("error: the attack failed: " + e);
            e.printStackTrace(err);
            return ExitCodes.TRAINING_FAILED;
        } finally {
            spark.stop();
        }
    }

    private static String value(String[] args, int i, String flag) {
        if (i >= args.length) {
            throw new IllegalArgumentException(flag + " needs a value; " + USAGE);
        }
        return args[i];
    }
}
