package org.cutmixsl.data.testing;

import org.apache.spark.sql.SparkSession;

/**
 * One local SparkSession for every test class of this module (Surefire runs them in one JVM), started on first
 * use; Spark's own shutdown hook stops it. Settings as in conf/spark-defaults.conf where they matter: Kryo with
 * {@code registrationRequired=true} but no registrator, which proves the prepare job ships no class of ours.
 */
public final class SharedSpark {

    private static SparkSession session;

    private SharedSpark() {
    }

    /** @return the session */
    public static synchronized SparkSession session() {
        if (session == null) {
            session = SparkSession.builder()
                    .appName("data-prep tests")
                    .master("local[2,4]")
                    .config("spark.serializer", "org.apache.spark.serializer.KryoSerializer")
                    .config("spark.kryo.registrationRequired", "true")
                    .config("spark.ui.enabled", "false")
                    .config("spark.ui.showConsoleProgress", "false")
                    .config("spark.sql.shuffle.partitions", "2")
                    .getOrCreate();
        }
        return session;
    }
}
