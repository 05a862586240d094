/**
 * The Java subcommands of bin/cutmixsl, one picocli command class each (train, compare, study, report, attack,
 * export, predict, bench and the bare loop; pipeline and prepare live beside what they run), and the Spark
 * sessions they open. Parsing, help and exit codes are common to all of them: {@link org.cutmixsl.common.cli}.
 */
package org.cutmixsl.spark.cli;
