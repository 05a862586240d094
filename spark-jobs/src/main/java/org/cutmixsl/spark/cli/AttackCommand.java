package org.cutmixsl.spark.cli;

import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.SparkSession;
import org.cutmixsl.common.cli.ExitCodes;
import org.cutmixsl.common.cli.PositiveInt;
import org.cutmixsl.common.cli.Subcommand;
import org.cutmixsl.spark.attack.ReconstructionAttack;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code attack --run RUN_DIR [--steps N] [--set attack.key=value ...]}: the reconstruction attack on a finished
 * run ({@link ReconstructionAttack}); results are added under RUN_DIR/attack/. Exits 3 when the run, its head
 * snapshots or its dataset's server holdout are missing, naming what is missing.
 */
@Command(name = "attack", customSynopsis = AttackCommand.SYNOPSIS,
        description = "The reconstruction attack on a finished run; results are added under RUN_DIR/attack/.")
public final class AttackCommand extends Subcommand {

    static final String SYNOPSIS = "attack --run RUN_DIR [--steps N] [--set attack.key=value ...]";

    @Option(names = "--run", paramLabel = "RUN_DIR", required = true, description = "a finished run")
    String runDir;

    @Option(names = "--steps", paramLabel = "N", converter = PositiveInt.class,
            description = "the decoder's training steps (attack.decoder.steps)")
    Integer steps;

    @Option(names = "--set", paramLabel = "attack.key=value", description = "an override of the attack's settings")
    List<String> overrides = new ArrayList<>();

    /** @param args see the class comment */
    public static void main(String[] args) {
        exit(new AttackCommand(), args);
    }

    @Override
    public Integer call() {
        List<String> settings = new ArrayList<>(overrides);
        if (steps != null) {
            settings.add("attack.decoder.steps=" + steps);
        }
        SparkSession spark = SparkSessions.create("CutMixSL attack");
        try {
            ReconstructionAttack.run(spark, runDir, settings, out);
            return ExitCodes.OK;
        } finally {
            spark.stop();
        }
    }
}
