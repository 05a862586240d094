package org.cutmixsl.common.cli;

import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * A subcommand of {@code bin/cutmixsl}: a picocli command whose options are annotated fields, run through
 * {@link #execute}, which is the same for all of them. {@code --name value} and {@code --name=value} both work;
 * {@code -h}/{@code --help} prints the help generated from the annotations. Any failure, a bad command line or an
 * exception of the command's {@link #call()}, becomes one line {@code error: <message>} on standard error (with the
 * stack trace only when nothing explains it) and the exit code of the one {@link ExitCodeMapper}.
 */
public abstract class Subcommand implements Callable<Integer> {

    private static final ExitCodeMapper EXIT_CODES = new ExitCodeMapper();
    private static final Pattern EXPECTED_VALUE = Pattern.compile("Expected parameter for option '([^']+)' but found '([^']*)'");

    /** Where the command's results go (standard output unless a test says otherwise). */
    protected PrintStream out = System.out;
    /** Where its messages go (standard error unless a test says otherwise). */
    protected PrintStream err = System.err;

    /**
     * Runs the command on the arguments and exits the JVM with its exit code: the body of every subcommand's
     * {@code main}, which {@code bin/cutmixsl} and {@code spark-submit} call by class name.
     *
     * @param command the command
     * @param args the command line
     */
    public static void exit(Subcommand command, String[] args) {
        int code = execute(command, args, System.out, System.err);
        if (inYarnApplicationMaster(System.getProperties())) {
            // YARN's cluster deploy mode runs main in the application master, which reports the application's final
            // status when main returns or throws: an exit from main, even 0, reads to YARN as a failed attempt
            // ("Shutdown hook called before final status was reported") and it starts the whole driver again.
            if (code != ExitCodes.OK) {
                throw new IllegalStateException(command.getClass().getSimpleName() + " failed with exit code " + code);
            }
            return;
        }
        System.exit(code);
    }

    /**
     * @param properties the system properties, into which Spark's application master copies the application's
     *     settings
     * @return whether this JVM is the driver of a YARN application in cluster deploy mode
     */
    static boolean inYarnApplicationMaster(java.util.Properties properties) {
        return "yarn".equals(properties.getProperty("spark.master"))
                && "cluster".equals(properties.getProperty("spark.submit.deployMode"));
    }

    /**
     * @param command the command
     * @param args the command line
     * @param out where results and the help go
     * @param err where messages go
     * @return the exit code ({@link ExitCodes})
     */
    public static int execute(Subcommand command, String[] args, PrintStream out, PrintStream err) {
        command.out = out;
        command.err = err;
        CommandLine line = commandLine(command);
        line.setOut(new PrintWriter(out, true, StandardCharsets.UTF_8));
        line.setErr(new PrintWriter(err, true, StandardCharsets.UTF_8));
        try {
            return line.execute(args);
        } catch (Error e) { // picocli lets errors through; an out-of-memory still ends with the failure's code
            return failed(e, line);
        } finally {
            out.flush();
            err.flush();
        }
    }

    /**
     * @param command the command
     * @return its picocli command line, configured as every subcommand's is
     */
    public static CommandLine commandLine(Subcommand command) {
        CommandLine line = new CommandLine(command);
        line.getCommandSpec().addOption(OptionSpec.builder("-h", "--help").usageHelp(true)
                .description("Show this help and exit.").build());
        line.getCommandSpec().usageMessage().synopsisHeading("usage: ").sortOptions(false).width(110);
        // As the hand-written parsers did: a later value replaces an earlier one, and "--out --seeds 3" is a missing
        // value, not an output folder called --seeds.
        line.setOverwrittenOptionsAllowed(true);
        line.setUnmatchedOptionsAllowedAsOptionParameters(false);
        line.setExitCodeExceptionMapper(EXIT_CODES);
        line.setParameterExceptionHandler((e, args) -> {
            e.getCommandLine().getErr().println("error: " + message(e));
            return EXIT_CODES.getExitCode(e);
        });
        line.setExecutionExceptionHandler((e, failed, parseResult) -> failed(e, failed));
        command.configure(line);
        return line;
    }

    /** Says what ended the command: its message, or with a stack trace what no message explains; returns its code. */
    private static int failed(Throwable e, CommandLine line) {
        PrintWriter err = line.getErr();
        if (EXIT_CODES.explains(e)) {
            err.println("error: " + e.getMessage());
        } else {
            err.println("error: " + line.getCommandName() + " failed: " + e);
            e.printStackTrace(err);
        }
        err.flush();
        return EXIT_CODES.getExitCode(e);
    }

    /**
     * Adjusts the parser for this command (the default changes nothing).
     *
     * @param line the command line
     */
    protected void configure(CommandLine line) {}

    /**
     * @param e a bad command line
     * @return the message, naming the option at fault: "--out needs a value", "--seeds x: expected ...",
     *     "unknown option '--x'"
     */
    static String message(CommandLine.ParameterException e) {
        Matcher expected = EXPECTED_VALUE.matcher(e.getMessage() == null ? "" : e.getMessage());
        if (expected.find()) {
            return expected.group(1) + " needs a value (found '" + expected.group(2) + "')";
        }
        List<String> unknown = e.getCommandLine().getUnmatchedArguments();
        if (!(e instanceof CommandLine.UnmatchedArgumentException) && !unknown.isEmpty()) {
            return unmatched(unknown.get(0)); // before a required option that is missing: it may be a misspelt one
        }
        String text = e.getMessage() == null ? "" : e.getMessage().replaceFirst("^Error: ", "");
        if (e instanceof CommandLine.MissingParameterException missing && missing.getMissing() != null) {
            List<String> names = new ArrayList<>();
            for (ArgSpec spec : missing.getMissing()) {
                if (spec instanceof OptionSpec option) {
                    names.add(option.longestName());
                }
            }
            if (text.startsWith("Missing required parameter for option") && names.size() == 1) {
                return names.get(0) + " needs a value";
            }
            if (text.startsWith("Missing required option") && !names.isEmpty()) {
                return String.join(" and ", names) + (names.size() == 1 ? " is" : " are") + " required";
            }
        }
        if (e instanceof CommandLine.UnmatchedArgumentException unmatched && !unmatched.getUnmatched().isEmpty()) {
            return unmatched(unmatched.getUnmatched().get(0));
        }
        if (e.getCause() instanceof CommandLine.TypeConversionException conversion
                && e.getArgSpec() instanceof OptionSpec option) {
            return option.longestName() + " " + e.getValue() + ": " + conversion.getMessage();
        }
        return text;
    }

    private static String unmatched(String argument) {
        return (argument.startsWith("-") ? "unknown option '" : "unexpected argument '") + argument + "'";
    }
}
