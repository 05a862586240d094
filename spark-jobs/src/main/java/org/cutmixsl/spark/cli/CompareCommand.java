package org.cutmixsl.spark.cli;

import java.util.ArrayList;
import java.util.List;
import org.cutmixsl.common.cli.Subcommand;
import org.cutmixsl.spark.method.SplitMethods;
import org.cutmixsl.spark.study.StudyConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Option;
import picocli.CommandLine.TypeConversionException;

/**
 * {@code compare --config FILE --out DIR [--set key=value ...] [--methods a,b,...] [--seeds S] [--tune]}: runs the
 * methods on one configuration (same data, clients, rounds and batch size) over seeds 1..S, as a one-cell-per-method
 * study ({@link StudyConfig#comparison}): run directories DIR/runs/&lt;method&gt;-...-s&lt;seed&gt;, skipped when
 * finished and resumed when interrupted, then DIR/comparison.csv (mean, sd and 95% CI of test accuracy per method,
 * beside the byte columns) and DIR/head-to-head.csv. {@code --tune} chooses each method's lr and warm-up on
 * validation accuracy first. Exits non-zero when any run failed.
 */
@Command(name = "compare", customSynopsis = CompareCommand.SYNOPSIS,
        description = "Runs split methods on one configuration over seeds 1..S: DIR/comparison.csv (mean, sd and 95%% CI"
                + " of test accuracy per method) and DIR/head-to-head.csv. Launched again, it keeps finished runs and"
                + " resumes interrupted ones.")
public final class CompareCommand extends Subcommand {

    static final String SYNOPSIS = "compare --config FILE --out DIR [--set key=value ...] [--methods a,b,...]"
            + " [--seeds S] [--tune]";

    @Option(names = "--config", paramLabel = "FILE", description = "the configuration every method runs on")
    String config;

    @Option(names = "--out", paramLabel = "DIR", required = true,
            description = "the comparison's folder, a local path or a Hadoop URI (hdfs://, s3a://)")
    String dir;

    @Option(names = "--set", paramLabel = "key=value", description = "a configuration override, in order")
    List<String> overrides = new ArrayList<>();

    @Option(names = "--methods", paramLabel = "METHOD", split = ",", description = "the methods (default: all seven)")
    List<String> methods = new ArrayList<>(SplitMethods.NAMES);

    @Option(names = "--seeds", paramLabel = "S", converter = SeedCount.class, description = "seeds 1..S (default 3)")
    int seeds = 3;

    @Option(names = "--tune", description = "choose each method's lr and warm-up on validation accuracy first")
    boolean tune;

    /** @param args see the class comment */
    public static void main(String[] args) {
        exit(new CompareCommand(), args);
    }

    @Override
    public Integer call() {
        StudyConfig study = StudyConfig.comparison(config, overrides, methods, seeds, tune); // every run checked first
        return StudyCommand.execute(study, dir, "compare", out, err);
    }

    /** S of {@code --seeds S}: a whole number, at least 1. */
    static final class SeedCount implements ITypeConverter<Integer> {
        @Override
        public Integer convert(String value) {
            try {
                int n = Integer.parseInt(value.trim());
                if (n >= 1) {
                    return n;
                }
            } catch (NumberFormatException e) {
                // reported below
            }
            throw new TypeConversionException("expected a whole number of seeds, at least 1");
        }
    }
}
