package org.cutmixsl.spark.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.cutmixsl.spark.TinyNetworkStudy;
import org.cutmixsl.spark.study.ResultsTable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The study report's setup states the training budget of each regime where regimes differ in length (the regime
 * study runs 340 rounds at low data and 200 at full data), and the one budget where they do not.
 */
class StudyReportStatesEachRegimesRounds {

    @TempDir
    Path scratch;

    @Test
    void oneBudgetWhenEveryRunHasTheSameRounds() throws IOException {
        String html = Files.readString(Report.study(TinyNetworkStudy.copyTo(scratch.resolve("same")).toString())
                .localPath());
        assertTrue(html.contains("Budget: 3 rounds for every run,"), html);
        assertTrue(html.contains("8 runs of 2 variants in 2 settings (regime, clients, shares), seeds [1, 2]."), html);
    }

    @Test
    void eachRegimesRoundsWhenTheyDiffer() throws IOException {
        Path copy = TinyNetworkStudy.copyTo(scratch.resolve("differ"));
        // the slow regime's rows as a 5-round regime would write them (the report reads the budget from the table)
        List<String> lines = Files.readAllLines(copy.resolve(ResultsTable.CSV));
        List<String> header = Table.split(lines.get(0));
        int regime = header.indexOf("regime");
        int rounds = header.indexOf("rounds");
        List<String> altered = new ArrayList<>(List.of(lines.get(0)));
        int changed = 0;
        for (String line : lines.subList(1, lines.size())) {
            List<String> cells = new ArrayList<>(Table.split(line));
            assertEquals("3", cells.get(rounds), line);
            if (cells.get(regime).equals("slow")) {
                cells.set(rounds, "5");
                changed++;
            }
            altered.add(String.join(",", cells.stream().map(StudyReportStatesEachRegimesRounds::csv).toList()));
        }
        assertEquals(4, changed, "2 variants x 2 seeds in the slow regime");
        Files.write(copy.resolve(ResultsTable.CSV), altered);
        String html = Files.readString(Report.study(copy.toString()).localPath());
        assertTrue(html.contains("Budget: rounds by regime: fast 3, slow 5,"), html);
    }

    private static String csv(String cell) {
        return cell.contains(",") || cell.contains("\"") ? "\"" + cell.replace("\"", "\"\"") + "\"" : cell;
    }
}
