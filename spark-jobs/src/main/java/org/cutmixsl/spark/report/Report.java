package org.cutmixsl.spark.report;

import org.cutmixsl.common.io.Location;

/** Writes report.html and its plots into a study folder or a run directory, on any Hadoop file system. */
public final class Report {

    private Report() {}

    /**
     * @param studyDir a study folder (bin/cutmixsl study's --out): a local path or a URI
     * @return the report written, STUDY_DIR/report.html (plots in STUDY_DIR/plots)
     * @throws IllegalArgumentException when the folder holds no study results, or is no path
     */
    public static Location study(String studyDir) {
        return StudyReport.write(folder(studyDir, "--study"));
    }

    /**
     * @param runDir a finished run directory: a local path or a URI
     * @return the report written, RUN_DIR/report.html (plots in RUN_DIR/plots)
     * @throws IllegalArgumentException when the folder holds no finished run, or is no path
     */
    public static Location run(String runDir) {
        return RunReport.write(folder(runDir, "--run"));
    }

    private static Location folder(String name, String flag) {
        Location dir = Location.forOption(flag, name);
        if (!dir.isDirectory()) {
            throw new IllegalArgumentException(flag + " " + dir + ": no such folder");
        }
        return dir;
    }
}
