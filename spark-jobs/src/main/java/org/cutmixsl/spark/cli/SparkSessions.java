package org.cutmixsl.spark.cli;

import org.apache.spark.SparkConf;
import org.apache.spark.sql.SparkSession;
import org.cutmixsl.common.io.Location;
import org.cutmixsl.spark.records.CutMixSLKryoRegistrator;
import org.cutmixsl.spark.run.RunDirectory;

/**
 * Builds the job's session from Spark's usual sources (spark-submit's settings, or {@code spark.*}
 * system properties the launcher passes), making sure every run serializes with Kryo, this project's
 * registrator and registration required.
 */
public final class SparkSessions {

    private SparkSessions() {}

    /**
     * @param appName the application name shown in the Spark UI
     * @return the session
     */
    public static SparkSession create(String appName) {
        return create(appName, null);
    }

    /**
     * A session whose Spark event log, when {@code spark.eventLog.enabled=true} and no
     * {@code spark.eventLog.dir} is given, goes into the run directory's {@code events} folder, so that
     * Spark's History Server can replay the run. The folder is created here: Spark refuses to start when
     * the event log folder is missing.
     *
     * @param appName the application name shown in the Spark UI
     * @param runDirectory the run directory (a path or URI), or null for none
     * @return the session
     */
    public static SparkSession create(String appName, String runDirectory) {
        SparkConf conf = new SparkConf();
        if (runDirectory != null && conf.getBoolean("spark.eventLog.enabled", false)
                && !conf.contains("spark.eventLog.dir")) {
            Location events = Location.of(runDirectory).resolve(RunDirectory.EVENTS);
            events.mkdirs();
            conf.set("spark.eventLog.dir", events.uri());
        }
        conf.setIfMissing("spark.master", "local[*,4]");
        conf.setIfMissing("spark.app.name", appName);
        conf.set("spark.serializer", "org.apache.spark.serializer.KryoSerializer");
        conf.set("spark.kryo.registrator", CutMixSLKryoRegistrator.class.getName());
        conf.setIfMissing("spark.kryo.registrationRequired", "true");
        // Reading more than 32 paths at once (a study's results table over its runs' metrics and summaries) would
        // make Spark SQL list them in a Spark job whose tasks carry Hadoop Path[] and friends, which Kryo refuses
        // when registration is required: a 48-run study failed so. The driver lists them instead, as it does below 32.
        conf.setIfMissing("spark.sql.sources.parallelPartitionDiscovery.threshold", String.valueOf(Integer.MAX_VALUE));
        conf.setIfMissing("spark.ui.showConsoleProgress", "false");
        return SparkSession.builder().config(conf).getOrCreate();
    }
}
