/**
 * The command line every subcommand shares: picocli's parsing, generated help, the exit codes and the one mapper
 * from exceptions to them ({@link org.cutmixsl.common.cli.Subcommands#execute}).
 */
package org.cutmixsl.common.cli;
