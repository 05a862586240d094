/**
 * What bin/cutmixsl runs for a command, worked out in Java (main class, JVM flags, Spark settings, classpath, native
 * environment, the spark-submit line of a cluster job, standalone or YARN, with the executors' native cache), so
 * that the script only finds Java, builds and execs; and
 * the local standalone cluster (its daemons, GPUs, and the secret that only its own applications hold).
 */
package org.cutmixsl.common.launch;
