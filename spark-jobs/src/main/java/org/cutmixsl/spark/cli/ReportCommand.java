package org.cutmixsl.spark.cli;

import org.cutmixsl.common.cli.ExitCodes;
import org.cutmixsl.common.cli.Subcommand;
import org.cutmixsl.common.io.Location;
import org.cutmixsl.spark.job.DataProblem;
import org.cutmixsl.spark.report.Report;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code report --study STUDY_DIR} or {@code report --run RUN_DIR}: writes report.html and its PNG plots into the
 * folder (a local path or a URI on any Hadoop file system) and prints the report's path. Needs no Spark session: it reads the study's results table and the runs'
 * own files.
 */
@Command(name = "report", customSynopsis = ReportCommand.SYNOPSIS,
        description = "Writes report.html and its PNG plots into the folder and prints the report's path.")
public final class ReportCommand extends Subcommand {

    static final String SYNOPSIS = "report --study STUDY_DIR | --run RUN_DIR";

    @ArgGroup(exclusive = true, multiplicity = "1")
    Folder folder;

    /** One of the two folders. */
    static final class Folder {
        @Option(names = "--study", paramLabel = "STUDY_DIR", description = "a study's folder (a local path or a Hadoop URI)")
        String study;

        @Option(names = "--run", paramLabel = "RUN_DIR", description = "a run directory (a local path or a Hadoop URI)")
        String run;
    }

    /** @param args see the class comment */
    public static void main(String[] args) {
        exit(new ReportCommand(), args);
    }

    @Override
    public Integer call() {
        Location report;
        try {
            report = folder.study != null ? Report.study(folder.study) : Report.run(folder.run);
        } catch (IllegalArgumentException e) {
            // What the folder lacks (a results table, a run's metrics) is missing data here, not a bad option.
            throw new DataProblem(e.getMessage(), e);
        }
        out.println(report);
        return ExitCodes.OK;
    }
}
