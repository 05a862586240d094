package org.cutmixsl.spark.study;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import org.cutmixsl.common.io.Location;
import org.cutmixsl.spark.run.RunDirectory;

/**
 * The choice of a cell's learning rate and warm-up: the grid point whose run ended with the best validation
 * accuracy (ties: the first in grid order). It reads each grid run's summary.json for {@code validation_accuracy}
 * and nothing else; the grid runs never read the test split ({@code eval.test = false}).
 */
public final class Tuning {

    /** Every grid run and the choice, relative to the study folder. */
    public static final String CSV = "tuning.csv";

    /** What the choice is made on. */
    public static final String CRITERION = "validation_accuracy";

    private Tuning() {}

    /**
     * One grid run's outcome.
     *
     * @param run the run
     * @param validationAccuracy its final validation accuracy
     */
    public record GridResult(StudyConfig.PlannedRun run, double validationAccuracy) {}

    /**
     * A cell's choice.
     *
     * @param run the chosen grid run (its point is the cell's)
     * @param grid every grid run that finished, in grid order
     */
    public record Choice(StudyConfig.PlannedRun run, List<GridResult> grid) {}

    /**
     * @param grid the cell's grid runs, in grid order
     * @param directories the run folder of a run
     * @return the choice, or null while any grid run is unfinished (a later launch resumes it), so that a choice never
     *     changes once made
     */
    public static Choice choose(List<StudyConfig.PlannedRun> grid, Function<StudyConfig.PlannedRun, RunDirectory> directories) {
        List<GridResult> results = new ArrayList<>();
        GridResult best = null;
        for (StudyConfig.PlannedRun r : grid) {
            RunDirectory run = directories.apply(r);
            if (!run.isComplete()) {
                return null;
            }
            double accuracy = validationAccuracy(run);
            if (Double.isNaN(accuracy)) {
                throw new IllegalStateException(run.display() + "/summary.json has no " + CRITERION
                        + ": tuning needs a validation split (data.validation > 0)");
            }
            GridResult result = new GridResult(r, accuracy);
            results.add(result);
            if (best == null || accuracy > best.validationAccuracy()) {
                best = result;
            }
        }
        return best == null ? null : new Choice(best.run(), List.copyOf(results));
    }

    private static double validationAccuracy(RunDirectory run) {
        try {
            JsonNode node = new ObjectMapper().readTree(run.readText("summary.json")).path(CRITERION);
            return node.isNumber() ? node.asDouble() : Double.NaN;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + run.display() + "/summary.json: " + e.getMessage(), e);
        }
    }

    /**
     * Writes tuning.csv: one row per grid run, the chosen ones marked.
     *
     * @param file the CSV
     * @param choices each cell's choice
     */
    public static void write(Location file, Map<StudyConfig.Cell, Choice> choices) {
        StringBuilder csv = new StringBuilder("variant,regime,clients,shares,lr,warmup_steps,validation_accuracy,"
                + "chosen,run_id\n");
        for (Map.Entry<StudyConfig.Cell, Choice> e : choices.entrySet()) {
            StudyConfig.Cell cell = e.getKey();
            for (GridResult g : e.getValue().grid()) {
                csv.append(String.format(Locale.ROOT, "%s,%s,%d,%s,%s,%d,%.4f,%s,%s%n", cell.variant().name(),
                        cell.regime().name(), cell.clients(), cell.shares(), StudyConfig.trim(g.run().point().lr()),
                        g.run().point().warmupSteps(), g.validationAccuracy(), g.run() == e.getValue().run(),
                        g.run().id()));
            }
        }
        file.writeText(csv.toString());
    }

    /**
     * Records the choice in a reported run's summary.json, as {@code tuning}: the criterion, the chosen lr and
     * warm-up, the seed the grid ran at and every grid point's validation accuracy.
     *
     * @param run a reported run (the chosen grid run, or a later seed at the chosen point)
     * @param choice its cell's choice
     */
    public static void record(RunDirectory run, Choice choice) {
        ObjectMapper mapper = new ObjectMapper();
        try {
            ObjectNode summary = (ObjectNode) mapper.readTree(run.readText("summary.json"));
            ObjectNode tuning = mapper.createObjectNode();
            tuning.put("chosen_on", CRITERION);
            tuning.put("lr", choice.run().point().lr());
            tuning.put("warmup_steps", choice.run().point().warmupSteps());
            tuning.put("grid_seed", choice.run().seed());
            ArrayNode grid = tuning.putArray("grid");
            for (GridResult g : choice.grid()) {
                ObjectNode point = grid.addObject();
                point.put("lr", g.run().point().lr());
                point.put("warmup_steps", g.run().point().warmupSteps());
                point.put(CRITERION, g.validationAccuracy());
            }
            if (tuning.equals(summary.get("tuning"))) {
                return;
            }
            summary.set("tuning", tuning);
            run.writeText("summary.json", summary.toPrettyString() + "\n");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot update " + run.display() + "/summary.json: " + e.getMessage(), e);
        }
    }
}
