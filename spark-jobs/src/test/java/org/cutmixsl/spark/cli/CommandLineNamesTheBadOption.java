package org.cutmixsl.spark.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Supplier;
import org.apache.hadoop.conf.Configuration;
import org.cutmixsl.common.cli.ExitCodeMapper;
import org.cutmixsl.common.cli.ExitCodes;
import org.cutmixsl.common.cli.Subcommand;
import org.cutmixsl.data.prepare.PrepareCommand;
import org.cutmixsl.data.source.InvalidSourceException;
import org.cutmixsl.model.bench.ModelBench;
import org.cutmixsl.spark.attack.AttackProblem;
import org.cutmixsl.spark.job.DataProblem;
import org.cutmixsl.spark.pipeline.PipelineCommand;
import org.cutmixsl.spark.pipeline.PipelineLock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * Every subcommand's command line, through the real command classes and the one parser setup they share: {@code --k v}
 * and {@code --k=v} mean the same; a missing or bad value, or an unknown option, is exit code 2 with one line naming
 * the option; {@code --help} is generated and exits 0; and the one mapper turns each kind of failure into its code.
 * None of these starts Spark.
 */
class CommandLineNamesTheBadOption {

    /** Every subcommand, by the name bin/cutmixsl gives it. */
    private static final List<Supplier<Subcommand>> COMMANDS = List.of(TrainJob::new, CompareCommand::new,
            StudyCommand::new, ReportCommand::new, AttackCommand::new, ExportCommand::new, PredictCommand::new,
            BenchCommand::new, ModelBench::new, SparkBench::new, BareTrain::new, PipelineCommand::new, PrepareCommand::new);

    @TempDir
    Path tmp;

    /** @return exit code, standard output, standard error */
    private static Object[] run(Subcommand command, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = Subcommand.execute(command, args, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Object[] {code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8)};
    }

    private static String home(String relative) {
        return Path.of(System.getProperty("cutmixsl.home", ".."), relative).toString();
    }

    @Test
    void aBadDeviceIsNamedAndAGpuTheCpuBuildCannotGiveNamesTheCudaNatives() throws IOException {
        Object[] bad = run(new BareTrain(), "--device", "cuda");
        assertEquals(ExitCodes.BAD_CONFIG, bad[0]);
        assertTrue(((String) bad[2]).contains("--device = 'cuda': expected cpu, gpu or auto"), (String) bad[2]);

        // predict resolves its device before reading anything: on the CPU build of libtorch, gpu is exit 2, one line.
        org.junit.jupiter.api.Assumptions.assumeTrue(
                org.cutmixsl.model.device.TorchDevices.libtorchFlavour().contains("-cpu-"), "a CUDA build");
        Object[] gpu = run(new PredictCommand(), "--model", tmp.toString(), "--images", tmp.resolve("x").toString(),
                "--device", "gpu");
        assertEquals(ExitCodes.BAD_CONFIG, gpu[0], (String) gpu[2]);
        assertTrue(((String) gpu[2]).startsWith("error: device = gpu, but the libtorch loaded is the CPU build"),
                (String) gpu[2]);
        assertEquals(1, ((String) gpu[2]).strip().lines().count(), (String) gpu[2]);
    }

    @Test
    void spaceAndEqualsSignGiveTheSameStudyPlan() {
        String config = home("conf/study-small.conf");
        Object[] spaced = run(new StudyCommand(), "--config", config, "--out", "some/dir", "--plan");
        Object[] joined = run(new StudyCommand(), "--config=" + config, "--out=some/dir", "--plan");
        assertEquals(0, spaced[0], (String) spaced[2]);
        assertEquals(0, joined[0], (String) joined[2]);
        assertTrue(((String) spaced[1]).contains("some/dir/data"), (String) spaced[1]);
        assertTrue(((String) spaced[1]).endsWith("16 runs\n"), (String) spaced[1]);
        assertEquals(spaced[1], joined[1]);
    }

    @Test
    void spaceAndEqualsSignSetTheSameOptions() {
        for (String[] args : List.of(new String[] {"--run", "r", "--out", "m", "--client", "3"},
                new String[] {"--run=r", "--out=m", "--client=3"})) {
            ExportCommand export = new ExportCommand();
            Subcommand.commandLine(export).parseArgs(args);
            assertEquals("r", export.runDir);
            assertEquals("m", export.modelDir);
            assertEquals(3, export.client);
        }
        for (String[] args : List.of(new String[] {"--out", "d", "--methods", "psl,sfl", "--seeds", "5", "--set", "a=1",
                    "--set", "b=2"}, new String[] {"--out=d", "--methods=psl,sfl", "--seeds=5", "--set=a=1", "--set=b=2"})) {
            CompareCommand compare = new CompareCommand();
            Subcommand.commandLine(compare).parseArgs(args);
            assertEquals(List.of("psl", "sfl"), compare.methods, "given methods replace the default list");
            assertEquals(5, compare.seeds);
            assertEquals(List.of("a=1", "b=2"), compare.overrides);
        }
    }

    @Test
    void aMissingValueNamesItsOption() {
        Object[] r = run(new CompareCommand(), "--config", home("conf/compare-fmnist.conf"), "--out");
        assertEquals(ExitCodes.BAD_CONFIG, r[0]);
        assertEquals("error: --out needs a value\n", r[2]);

        r = run(new TrainJob(), "--out", "--resume");
        assertEquals(ExitCodes.BAD_CONFIG, r[0]);
        assertEquals("error: --out needs a value (found '--resume')\n", r[2]);

        r = run(new PrepareCommand(), "--dataset", "mnist", "--clients");
        assertEquals(ExitCodes.BAD_CONFIG, r[0]);
        assertEquals("error: --clients needs a value\n", r[2]);
    }

    @Test
    void aMissingRequiredOptionIsNamed() {
        Object[] r = run(new StudyCommand(), "--out", "x");
        assertEquals(ExitCodes.BAD_CONFIG, r[0]);
        assertEquals("error: --config is required\n", r[2]);
        r = run(new PredictCommand());
        assertEquals(ExitCodes.BAD_CONFIG, r[0]);
        assertEquals("error: --model and --images are required\n", r[2]);
    }

    @Test
    void aBadValueNamesItsOptionAndTheValue() {
        Object[] r = run(new PredictCommand(), "--model", "m", "--images", "i", "--batch=0");
        assertEquals(ExitCodes.BAD_CONFIG, r[0]);
        assertEquals("error: --batch 0: expected a positive integer\n", r[2]);
        r = run(new AttackCommand(), "--run", "r", "--steps", "many");
        assertEquals(ExitCodes.BAD_CONFIG, r[0]);
        assertEquals("error: --steps many: expected a positive integer\n", r[2]);
    }

    @Test
    void aPathWithoutAFileSystemNamesItsOptionAndThePath() {
        // Every path goes through Hadoop's FileSystem: a scheme it has no file system for is a bad option value.
        String noFs = ": no Hadoop file system for the scheme 'nosuchfs'";
        Object[] r = run(new CompareCommand(), "--config", "nosuchfs://host/conf/x.conf", "--out", tmp.toString());
        assertEquals(ExitCodes.BAD_CONFIG, r[0], (String) r[2]);
        assertTrue(((String) r[2]).startsWith("error: --config nosuchfs://host/conf/x.conf" + noFs), (String) r[2]);
        r = run(new ExportCommand(), "--run", tmp.toString(), "--out", "nosuchfs://host/models/m");
        assertEquals(ExitCodes.BAD_CONFIG, r[0], (String) r[2]);
        assertTrue(((String) r[2]).startsWith("error: --out nosuchfs://host/models/m" + noFs),
                (String) r[2]);
        r = run(new PrepareCommand(), "--dataset", "fashion-mnist", "--clients", "2", "--shares", "iid", "--seed", "1",
                "--out", "hdfs://bad host/data");
        assertEquals(ExitCodes.BAD_CONFIG, r[0], (String) r[2]);
        assertTrue(((String) r[2]).startsWith("error: --out hdfs://bad host/data: "), (String) r[2]);
        // report reads what is there: a folder it cannot name is missing data
        r = run(new ReportCommand(), "--study", "nosuchfs://host/study");
        assertEquals(ExitCodes.BAD_DATA, r[0], (String) r[2]);
        assertTrue(((String) r[2]).startsWith("error: --study nosuchfs://host/study" + noFs),
                (String) r[2]);
        r = run(new ReportCommand(), "--run", tmp.resolve("none").toString());
        assertEquals(ExitCodes.BAD_DATA, r[0], (String) r[2]);
        assertEquals("error: --run " + tmp.resolve("none") + ": no such folder\n", r[2]);
    }

    @Test
    void anUnknownOptionIsNamed() {
        for (Supplier<Subcommand> command : COMMANDS) {
            if (command.get() instanceof BenchCommand) {
                continue; // after the benchmark's name, every option is the benchmark's own
            }
            Object[] r = run(command.get(), "--no-such-option", "1");
            assertEquals(ExitCodes.BAD_CONFIG, r[0], command.get().getClass().getSimpleName());
            assertTrue(((String) r[2]).startsWith("error: unknown option '--no-such-option'"), (String) r[2]);
            assertEquals(1, ((String) r[2]).lines().count(), (String) r[2]);
        }
        Object[] r = run(new BenchCommand(), "--verbose");
        assertEquals(ExitCodes.BAD_CONFIG, r[0]);
        assertEquals("error: unknown option '--verbose'\n", r[2]);
    }

    @Test
    void helpIsGeneratedForEveryCommandAndExitsZero() {
        for (Supplier<Subcommand> command : COMMANDS) {
            for (String help : new String[] {"--help", "-h"}) {
                Object[] r = run(command.get(), help);
                String name = command.get().getClass().getSimpleName();
                assertEquals(ExitCodes.OK, r[0], name + ": " + r[2]);
                String text = (String) r[1];
                assertTrue(text.startsWith("usage: "), name + ": " + text);
                assertTrue(text.contains("-h, --help"), name + ": " + text);
                assertEquals("", r[2], name);
            }
        }
        String compare = (String) run(new CompareCommand(), "--help")[1];
        for (String option : new String[] {"--config", "--out", "--set", "--methods", "--seeds", "--tune"}) {
            assertTrue(compare.contains("      " + option), option + " missing from: " + compare);
        }
    }

    @Test
    void theMapperGivesEachCauseItsCode() throws Exception {
        ExitCodeMapper mapper = new ExitCodeMapper();
        assertEquals(ExitCodes.BAD_CONFIG, mapper.getExitCode(new IllegalArgumentException("bad key")));
        assertEquals(ExitCodes.BAD_CONFIG, mapper.getExitCode(new CommandLine.ParameterException(
                Subcommand.commandLine(new TrainJob()), "bad option")));
        assertEquals(ExitCodes.BAD_DATA, mapper.getExitCode(new DataProblem("no dataset")));
        assertEquals(ExitCodes.BAD_DATA, mapper.getExitCode(new AttackProblem("no holdout")));
        assertEquals(ExitCodes.BAD_DATA, mapper.getExitCode(new InvalidSourceException(tmp, "not an IDX file")));
        assertEquals(ExitCodes.BAD_DATA, mapper.getExitCode(new UncheckedIOException(new IOException("disk"))));
        assertEquals(ExitCodes.TRAINING_FAILED, mapper.getExitCode(new IllegalStateException("a bug")));
        assertEquals(ExitCodes.TRAINING_FAILED, mapper.getExitCode(new OutOfMemoryError()));
        try (PipelineLock held = PipelineLock.acquire(tmp.toString(), new Configuration(), System.err)) {
            PipelineLock.Locked locked = assertThrows(PipelineLock.Locked.class,
                    () -> PipelineLock.acquire(tmp.toString(), new Configuration(), System.err));
            assertEquals(ExitCodes.LOCKED, mapper.getExitCode(locked));
        }
        assertTrue(mapper.explains(new DataProblem("x")));
        assertFalse(mapper.explains(new IllegalStateException("x")));
    }

    @Test
    void aCommandsFailureEndsWithItsCodeAndOneLine() throws Exception {
        // report on a folder without results: missing data, 3, no stack trace
        Path empty = Files.createDirectories(tmp.resolve("empty"));
        Object[] r = run(new ReportCommand(), "--run", empty.toString());
        assertEquals(ExitCodes.BAD_DATA, r[0], (String) r[2]);
        assertTrue(((String) r[2]).startsWith("error: "), (String) r[2]);
        assertFalse(((String) r[2]).contains("\tat "), (String) r[2]);
        // a configuration error in call(): 2
        r = run(new TrainJob(), "--out", tmp.resolve("run").toString(), "--resume", "--overwrite");
        assertEquals(ExitCodes.BAD_CONFIG, r[0]);
        assertEquals("error: --resume and --overwrite exclude each other\n", r[2]);
    }
}
