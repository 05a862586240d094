package org.cutmixsl.spark.round;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.TreeSet;
import org.apache.spark.api.java.JavaPairRDD;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.cutmixsl.common.cli.ExitCodes;
import org.cutmixsl.common.random.Shuffles;
import org.cutmixsl.model.optim.OptimizerConfig;
import org.cutmixsl.model.train.PartState;
import org.cutmixsl.model.train.Seeds;
import org.cutmixsl.spark.config.TrainConfig;
import org.cutmixsl.spark.data.ClientPartitioner;
import org.cutmixsl.spark.device.AssignedGpus;
import org.cutmixsl.spark.eval.Evaluator;
import org.cutmixsl.spark.heads.HeadStore;
import org.cutmixsl.spark.heads.SyncTraffic;
import org.cutmixsl.spark.links.ClientCost;
import org.cutmixsl.spark.links.StepCost;
import org.cutmixsl.spark.method.SplitMethod;
import org.cutmixsl.spark.rdd.PartitionJobs;
import org.cutmixsl.spark.records.ClientShard;
import org.cutmixsl.spark.records.ClientUpload;
import org.cutmixsl.spark.records.GradientRecord;
import org.cutmixsl.spark.records.HeadState;
import org.cutmixsl.spark.records.HeadUpdate;
import org.cutmixsl.spark.records.StepHeads;
import org.cutmixsl.spark.records.UploadCost;
import org.cutmixsl.spark.records.WireSize;
import org.cutmixsl.spark.run.Checkpoint;
import org.cutmixsl.spark.run.RunDirectory;
import org.cutmixsl.spark.run.TestingHolds;

/**
 * The driver's loop, the same for every split method: for each round, draw the participants; for each
 * of the method's steps, run client forward, the server step and client backward, then the method's
 * head policy; then metrics, evaluation and checkpoints. The loop never asks which method it runs.
 */
public final class RoundLoop {

    private static final long EVAL_STREAM = 0x6576616cL;

    private final JavaSparkContext jsc;
    private final TrainConfig config;
    private final SplitMethod method;
    private final JavaPairRDD<Integer, ClientShard> shards;
    private final ClientPartitioner partitioner;
    private final Evaluator test;
    private final Evaluator validation;
    private final ServerStage server;
    private final HeadStore heads;
    private final OptimizerConfig clientOptim;
    private final RunDirectory run;
    private final PrintStream console;
    private final AssignedGpus gpus;
    private final List<RoundMetrics> metrics = new ArrayList<>();

    /**
     * @param jsc the context
     * @param config the run's configuration
     * @param method the split method
     * @param shards client shards, partitioned by {@code partitioner}
     * @param partitioner the shards' partitioner
     * @param test evaluation on the test split; null when eval.test is off
     * @param validation evaluation on the validation split; null when the dataset has none
     * @param server where the server step runs
     * @param heads the head store (initial, or restored from a checkpoint)
     * @param clientOptim client optimiser settings with the run's schedule length
     * @param run the run directory
     * @param console where round lines go
     * @param gpus where the GPUs the client and server tasks received are recorded
     */
    public RoundLoop(JavaSparkContext jsc, TrainConfig config, SplitMethod method,
                     JavaPairRDD<Integer, ClientShard> shards, ClientPartitioner partitioner, Evaluator test,
                     Evaluator validation, ServerStage server, HeadStore heads, OptimizerConfig clientOptim,
                     RunDirectory run, PrintStream console, AssignedGpus gpus) {
        this.jsc = jsc;
        this.config = config;
        this.method = method;
        this.shards = shards;
        this.partitioner = partitioner;
        this.test = test;
        this.validation = validation;
        this.server = server;
        this.heads = heads;
        this.clientOptim = clientOptim;
        this.run = run;
        this.console = console;
        this.gpus = gpus;
    }

    /**
     * Runs rounds {@code done + 1 .. train.rounds}.
     *
     * @param done rounds already done (from a checkpoint), with their metrics
     * @param configHash the configuration's hash, recorded in checkpoints
     * @return every round's metrics
     */
    public List<RoundMetrics> run(List<RoundMetrics> done, String configHash) {
        metrics.addAll(done);
        // counted from the rows, so that a resumed run counts the empty rounds before its checkpoint too
        int emptyInARow = 0;
        for (int i = metrics.size() - 1; i >= 0 && metrics.get(i).empty(); i--) {
            emptyInARow++;
        }
        TestingHolds.driverStarted(config.testing, gpus.driver());
        int first = done.size();
        long started = System.nanoTime();
        for (int round = first; round < config.rounds; round++) {
            RoundMetrics m = round(round);
            boolean last = round == config.rounds - 1;
            if ((round + 1) % config.evalEvery == 0 || last) {
                m = evaluate(m, round);
            }
            metrics.add(m);
            writeMetricsCsv();
            emptyInARow = m.empty() ? emptyInARow + 1 : 0;
            if (emptyInARow >= config.maxEmptyRounds) {
                throw new EmptyRounds(emptyInARow, round + 1, config.maxEmptyRounds);
            }
            if ((round + 1) % config.checkpointEvery == 0 || last) {
                PartState[] serverState = server.exportState();
                int completed = round + 1;
                new Checkpoint(completed, serverState[0], serverState[1], heads.toBytes(), metrics, configHash)
                        .write(run, config.checkpointKeep,
                                () -> TestingHolds.checkpointBeforeCommit(config.testing, completed));
            }
            console.println(progressLine(m, round + 1 - first, (System.nanoTime() - started) / 1e9));
            if (config.testing.haltAfterRound == round + 1 && !last) {
                throw new HaltedForTesting(round + 1);
            }
        }
        return metrics;
    }

    private RoundMetrics round(int round) {
        long roundStart = System.nanoTime();
        int[] drawn = Participation.draw(config.seed, round, config.clientCount, config.clientsPerRound);
        // Who dropped and why. Dropouts leave before the plan (which is made over the rest); late uploads, and their
        // group mates, after each step's forward stage. Data at the server (centralized) crosses no link: no drops.
        SortedMap<Integer, String> dropped = new TreeMap<>();
        int[] participants = method.communicates()
                ? Drops.present(config.seed, round, drawn, config.clientDropout, dropped) : drawn;
        List<int[]> steps = participants.length == 0 ? List.of() : method.steps(participants, round);
        int trainedSteps = 0;
        double forward = 0;
        double serverSeconds = 0;
        double backward = 0;
        long up = 0;
        long down = 0;
        long sync = 0;
        double loss = 0;
        double leakage = 0;
        int leakageSteps = 0;
        boolean attacked = config.attackRounds.contains(round + 1) && method.communicates();
        List<StepCost> costs = new ArrayList<>();
        for (int s = 0; s < steps.size(); s++) {
            int[] clients = steps.get(s);
            if (attacked) {
                keepHeadsForAttack(round + 1, clients, s == 0);
            }
            StepContext step = new StepContext(config, method, clientOptim, round, s, clients);
            String where = String.format(Locale.ROOT, "round %d/%d%s", round + 1, config.rounds,
                    steps.size() > 1 ? String.format(Locale.ROOT, " step %d/%d", s + 1, steps.size()) : "");
            PartitionBroadcasts<StepHeads> stepHeads = PartitionBroadcasts.of(jsc, headsFor(clients));
            PartitionBroadcasts<GradientRecord[]> answers = null;
            try {
                jsc.setJobDescription(where + ": client forward, " + clients.length + " clients");
                JavaRDD<ClientUpload> uploads = PartitionJobs.mapPartitions(shards, new ClientForward(step, stepHeads));
                ServerStage.Outcome outcome;
                try {
                    outcome = server.run(step, uploads, where + ": server step");
                } catch (Exception e) { // Spark's SparkException is checked in Scala, unchecked to javac
                    SortedSet<Integer> failed = config.failuresDrop && method.communicates()
                            ? failedClients(step, stepHeads, where) : new TreeSet<>();
                    if (failed.isEmpty()) {
                        throw e;
                    }
                    console.println(where + ": the forward tasks of clients " + failed + " failed after Spark's"
                            + " retries; they are dropped from the step (clients.failuresDrop = true)");
                    step = step.withFailed(failed);
                    outcome = server.run(step, PartitionJobs.mapPartitions(shards, new ClientForward(step, stepHeads)),
                            where + ": server step without the failed clients " + failed);
                }
                gpus.record(AssignedGpus.StageKind.CLIENT_FORWARD, outcome.forwardTasks());
                gpus.record(AssignedGpus.StageKind.SERVER, outcome.serverTasks());
                forward += outcome.clientForwardSeconds();
                serverSeconds += outcome.serverSeconds();
                // every upload was sent, a late one too (the server discarded it): bytes_up counts what was sent
                up += outcome.uploadBytes();
                // failed, late, and their group mates: as the server step decided
                dropped.putAll(outcome.result().dropped());
                boolean trained = !outcome.result().gradients().isEmpty();
                if (trained) {
                    loss += outcome.result().loss();
                    trainedSteps++;
                }
                if (!Double.isNaN(outcome.distanceCorrelation())) {
                    leakage += outcome.distanceCorrelation();
                    leakageSteps++;
                }

                long backwardStart = System.nanoTime();
                List<List<GradientRecord>> byPartition = new ArrayList<>();
                for (int p = 0; p < partitioner.numPartitions(); p++) {
                    byPartition.add(new ArrayList<>());
                }
                Map<Integer, Long> downloads = new TreeMap<>();
                for (GradientRecord g : outcome.result().gradients()) {
                    byPartition.get(partitioner.getPartition(g.client())).add(g);
                    long bytes = WireSize.of(g);
                    downloads.merge(g.client(), bytes, Long::sum);
                    down += bytes;
                }
                List<GradientRecord[]> parts = new ArrayList<>();
                for (List<GradientRecord> p : byPartition) {
                    parts.add(p.toArray(new GradientRecord[0]));
                }
                answers = PartitionBroadcasts.of(jsc, parts);
                jsc.setJobDescription(where + ": client backward, " + clients.length + " clients");
                // a step whose every upload was dropped answers nobody: no client steps its head
                List<HeadUpdate> updates = trained ? new ArrayList<>(
                        PartitionJobs.collect(PartitionJobs.mapPartitions(shards,
                        new ClientBackward(step, stepHeads, answers)))) : new ArrayList<>();
                updates.sort(Comparator.comparingInt(HeadUpdate::client));
                gpus.record(AssignedGpus.StageKind.CLIENT_BACKWARD, updates.stream().map(HeadUpdate::task).toList());
                backward += (System.nanoTime() - backwardStart) / 1e9;
                SyncTraffic traffic = method.headPolicy().afterStep(heads, round, s == steps.size() - 1, updates,
                        parameters -> WireSize.of(new HeadState(parameters, new byte[0])));
                sync += traffic.bytes();
                if (trained) {
                    // the simulated round waits for the clients it keeps; a step that kept none adds no time
                    costs.add(stepCost(outcome, downloads, updates, traffic, outcome.result().dropped().keySet()));
                }
            } finally {
                stepHeads.destroy();
                if (answers != null) {
                    answers.destroy();
                }
            }
        }
        jsc.setJobDescription(null);
        if (!method.communicates()) {
            up = 0;
            down = 0;
        }
        double total = (System.nanoTime() - roundStart) / 1e9;
        RoundMetrics previous = metrics.isEmpty() ? null : metrics.get(metrics.size() - 1);
        double sim = config.links.simulated() ? method.simulatedSeconds(costs, config.links) : Double.NaN;
        double simBefore = previous == null || Double.isNaN(previous.simSecondsTotal()) ? 0 : previous.simSecondsTotal();
        return new RoundMetrics(round + 1, method.name(), trainedSteps == 0 ? Double.NaN : loss / trainedSteps,
                Double.NaN, Double.NaN, Double.NaN,
                Double.NaN, leakageSteps == 0 ? Double.NaN : leakage / leakageSteps, up, down, sync,
                up + (previous == null ? 0 : previous.bytesUpTotal()),
                down + (previous == null ? 0 : previous.bytesDownTotal()),
                sync + (previous == null ? 0 : previous.bytesSyncTotal()),
                forward, serverSeconds, backward, Math.max(0, total - forward - serverSeconds - backward), 0, sim,
                sim + simBefore, Drops.format(dropped));
    }

    /**
     * What a step measurably cost, per client it kept: its upload and forward time (from the forward tasks, through
     * the server stage), its gradient's size, its backward time, and the head policy's traffic after the step.
     * The clients whose uploads were dropped ({@code dropped}) are left out.
     */
    static StepCost stepCost(ServerStage.Outcome outcome, Map<Integer, Long> downloads, List<HeadUpdate> updates,
                             SyncTraffic traffic, Set<Integer> dropped) {
        Map<Integer, Double> backward = new TreeMap<>();
        for (HeadUpdate u : updates) {
            backward.put(u.client(), u.seconds());
        }
        List<ClientCost> clients = new ArrayList<>();
        for (UploadCost u : outcome.uploads()) {
            if (dropped.contains(u.client())) {
                continue;
            }
            clients.add(new ClientCost(u.client(), u.seconds(), u.bytes(), downloads.getOrDefault(u.client(), 0L),
                    backward.getOrDefault(u.client(), 0.0)));
        }
        return new StepCost(clients, outcome.serverSeconds(), traffic);
    }

    /**
     * Which of a step's clients fail for good: each shard partition holding clients that send is computed alone
     * (with Spark's retries), and in a partition that fails each of those clients alone, so that one client's
     * failure does not drop the others of its partition.
     *
     * @return the clients whose forward computation fails after Spark's retries; empty when none does (the failure
     *     was elsewhere)
     */
    private SortedSet<Integer> failedClients(StepContext step, PartitionBroadcasts<StepHeads> heads, String where) {
        Map<Integer, List<Integer>> byPartition = new TreeMap<>();
        for (int client : step.clients) {
            if (step.sends(client)) {
                byPartition.computeIfAbsent(partitioner.getPartition(client), p -> new ArrayList<>()).add(client);
            }
        }
        SortedSet<Integer> failed = new TreeSet<>();
        for (Map.Entry<Integer, List<Integer>> p : byPartition.entrySet()) {
            jsc.setJobDescription(where + ": which clients failed, partition " + p.getKey());
            if (forwardFails(step, heads, p.getKey())) {
                for (int client : p.getValue()) {
                    jsc.setJobDescription(where + ": which clients failed, client " + client);
                    if (forwardFails(step.probing(client), heads, p.getKey())) {
                        failed.add(client);
                    }
                }
            }
        }
        return failed;
    }

    private boolean forwardFails(StepContext step, PartitionBroadcasts<StepHeads> heads, int partition) {
        try {
            PartitionJobs.collect(PartitionJobs.mapPartitions(shards, new ClientForward(step, heads)), new int[] {partition});
            return false;
        } catch (Exception e) {
            return true;
        }
    }

    /**
     * The heads a step's clients start from, one {@link StepHeads} per shard partition: the global head,
     * plus the own states of that partition's clients only.
     */
    private List<StepHeads> headsFor(int[] clients) {
        List<Map<Integer, byte[]>> parameters = new ArrayList<>();
        List<Map<Integer, byte[]>> optimizers = new ArrayList<>();
        for (int p = 0; p < partitioner.numPartitions(); p++) {
            parameters.add(new TreeMap<>());
            optimizers.add(new TreeMap<>());
        }
        for (int client : clients) {
            int p = partitioner.getPartition(client);
            if (heads.ownParameters(client) != null) {
                parameters.get(p).put(client, heads.ownParameters(client));
            }
            if (heads.ownOptimizer(client) != null) {
                optimizers.get(p).put(client, heads.ownOptimizer(client));
            }
        }
        List<StepHeads> out = new ArrayList<>();
        for (int p = 0; p < partitioner.numPartitions(); p++) {
            out.add(new StepHeads(heads.globalParameters(), parameters.get(p), optimizers.get(p)));
        }
        return out;
    }

    /** @return the round's metrics with its evaluation on the test and the validation split (either may be off) */
    private RoundMetrics evaluate(RoundMetrics m, int round) {
        long started = System.nanoTime();
        jsc.setJobDescription(String.format(Locale.ROOT, "round %d/%d: evaluation", round + 1, config.rounds));
        byte[][] bodyTail = server.parameters();
        List<byte[]> evalHeads = evaluatedHeads(config, method, heads);
        Evaluator.Accuracy onTest = test == null ? Evaluator.Accuracy.NONE
                : test.accuracy(bodyTail[0], bodyTail[1], evalHeads);
        Evaluator.Accuracy onValidation = validation == null ? Evaluator.Accuracy.NONE
                : validation.accuracy(bodyTail[0], bodyTail[1], evalHeads);
        jsc.setJobDescription(null);
        return m.withEvaluation(onTest.mean(), onTest.std(), onValidation.mean(), onValidation.std(),
                (System.nanoTime() - started) / 1e9);
    }

    /**
     * The heads an evaluation runs: the global head, or, with per-client heads, those of
     * {@link #evaluatedClients}. A finished run's test evaluation ({@code TestEvaluation}) evaluates the same.
     *
     * @param config the run's configuration
     * @param method the split method
     * @param heads the head store
     * @return head parameter bytes, in evaluation order
     */
    public static List<byte[]> evaluatedHeads(TrainConfig config, SplitMethod method, HeadStore heads) {
        List<byte[]> evalHeads = new ArrayList<>();
        if (method.headPolicy().perClientHeads() || heads.hasClientParameters()) {
            for (int client : evaluatedClients(config)) {
                evalHeads.add(heads.stateOf(client).parameters());
            }
        } else {
            evalHeads.add(heads.globalParameters());
        }
        return evalHeads;
    }

    /** @return a seeded sample of at most eval.maxClients clients, the same in every round */
    static int[] evaluatedClients(TrainConfig config) {
        return Shuffles.sortedDraw(config.clientCount, config.evalMaxClients,
                new SplittableRandom(Seeds.mix(config.seed, EVAL_STREAM)));
    }

    /**
     * Keeps, for the reconstruction attack, the head each client of a step computes its upload with, as it is
     * at the start of that step (the server is assumed to know it: white-box): {@code client-K.params}, plus the
     * global head as {@code global.params}. With these, the attack recomputes exactly the payloads the server
     * received in this round. Called before every step of an attacked round (sl hands its head on between
     * steps, so each client's head differs); the global head is the one at the round's start.
     */
    private void keepHeadsForAttack(int round, int[] clients, boolean firstStep) {
        String dir = String.format(Locale.ROOT, "attack/heads/round-%06d", round);
        if (firstStep) {
            run.writeBytes(dir + "/global.params", heads.globalParameters());
        }
        for (int client : clients) {
            run.writeBytes(String.format(Locale.ROOT, "%s/client-%d.params", dir, client),
                    heads.stateOf(client).parameters());
        }
    }

    private void writeMetricsCsv() {
        MetricsCodec.write(run, "", metrics);
    }

    private String progressLine(RoundMetrics m, int roundsThisRun, double elapsed) {
        double perRound = elapsed / roundsThisRun;
        long left = Math.round(perRound * (config.rounds - m.round()));
        String accuracy = (Double.isNaN(m.testAccuracy()) ? "" : String.format(Locale.ROOT, "  acc %.2f%%",
                100 * m.testAccuracy()))
                + (Double.isNaN(m.validationAccuracy()) ? "" : String.format(Locale.ROOT, "  val %.2f%%",
                100 * m.validationAccuracy()));
        return String.format(Locale.ROOT, "round %d/%d  loss %.4f%s  up %.2f MB  down %.2f MB  %.2f s/round  left %d:%02d",
                m.round(), config.rounds, m.trainLoss(), accuracy, m.bytesUp() / 1e6, m.bytesDown() / 1e6,
                m.trainingSeconds() + m.secondsEval(), left / 60, left % 60);
    }

    /**
     * Thrown after {@code clients.maxEmptyRounds} consecutive rounds in which no client trained: the run fails
     * (exit code 4) rather than train nothing; the empty rounds are recorded in metrics.csv.
     */
    public static final class EmptyRounds extends RuntimeException implements ExitCodes.Cause {
        private static final long serialVersionUID = 1L;

        EmptyRounds(int inARow, int round, int limit) {
            super(String.format(Locale.ROOT, "round %d: %d consecutive rounds in which every client dropped"
                    + " (clients.maxEmptyRounds = %d): training failed; lower clients.dropout or raise"
                    + " clients.deadlineSeconds or clients.maxEmptyRounds", round, inARow, limit));
        }

        @Override
        public int exitCode() {
            return ExitCodes.TRAINING_FAILED;
        }
    }

    /** Thrown after {@code testing.haltAfterRound}: a simulated crash between rounds. */
    public static final class HaltedForTesting extends RuntimeException {
        private static final long serialVersionUID = 1L;

        HaltedForTesting(int round) {
            super("testing.haltAfterRound: stopped after round " + round);
        }
    }
}
