package org.cutmixsl.spark.cli;

import org.apache.spark.SparkConf;
import org.apache.spark.sql.SparkSession;
import org.cutmixsl.spark.records.CutMixSLKryoRegistrator;

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
        SparkConf conf = new SparkConf();
        conf.setIfMissing("spark.master", "local[*,4]");
        conf.setIfMissing("spark.app.name", appName);
        conf.set("spark.serializer", "org.apache.spark.serializer.KryoSerializer");
        conf.set("spark.kryo.registrator", CutMixSLKryoRegistrator.class.getName());
        conf.setIfMissing("spark.kryo.registrationRequired", "true");
        conf.setIfMissing("spark.ui.showConsoleProgress", "false");
        return SparkSession.builder().config(conf).getOrCreate();
    }
}
