package org.cutmixsl.spark.report;

import java.nio.file.Files;
import java.nio.file.Path;

/** Writes report.html and its plots into a study folder or a run directory. */
public final class Report {

    private Report() {}

    /**
     * @param studyDir a study folder (bin/cutmixsl study's --out)
     * @return the report written, STUDY_DIR/report.html (plots in STUDY_DIR/plots)
     * @throws IllegalArgumentException when the folder holds no study results
     */
    public static Path study(Path studyDir) {
        requireFolder(studyDir, "--study");
        return StudyReport.write(studyDir.toAbsolutePath().normalize());
    }

    /**
     * @param runDir a finished run directory
     * @return the report written, RUN_DIR/report.html (plots in RUN_DIR/plots)
     * @throws IllegalArgumentException when the folder holds no finished run
     */
    public static Path run(Path runDir) {
        requireFolder(runDir, "--run");
        return RunReport.write(runDir.toAbsolutePath().normalize());
    }

    private static void requireFolder(Path dir, String flag) {
        if (!Files.isDirectory(dir)) {
            throw new IllegalArgumentException(flag + " " + dir + ": no such folder");
        }
    }
}
