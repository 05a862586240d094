package org.cutmixsl.spark.report;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.cutmixsl.common.io.Location;
import org.cutmixsl.common.math.MeanInterval;
import org.cutmixsl.spark.TinyNetworkStudy;
import org.cutmixsl.spark.study.ResultsTable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The study report's section "Accuracy against simulated time" on a real study with two link profiles: one plot
 * per profile, and the table of time and uplink to the target with their intervals over the seeds that reached it
 * and the count of those that did. A results.csv written before these columns gives a report without the section.
 */
class StudyReportShowsAccuracyAgainstSimulatedTime {

    @TempDir
    Path scratch;

    @Test
    void onePlotPerProfileAndTheTimeToTargetTable() throws IOException {
        Path dir = TinyNetworkStudy.get();
        String html = Files.readString(Report.study(dir.toString()).localPath());
        assertTrue(html.contains("<h2>Accuracy against simulated time</h2>"), html);
        for (String profile : List.of("fast", "slow")) {
            String plot = "accuracy-vs-time-" + profile + "-n4-iid.png";
            assertTrue(html.contains("src=\"plots/" + plot + "\""), plot);
            assertTrue(Files.size(dir.resolve("plots").resolve(plot)) > 1000, plot);
        }
        // the slow profile's target (100%) is never reached: shown as such, with no time
        assertTrue(html.matches("(?s).*<td class=\"text\">slow, N = 4, iid</td><td class=\"text\">psl</td>"
                + "<td>100\\.0</td><td>0/2</td><td>–</td><td>–</td>.*"), html);
        // the fast profile's cells are the interval over the seeds that reached the target, from results.csv
        Table table = Table.read(Location.of(dir.resolve(ResultsTable.CSV).toString()));
        for (String variant : List.of("psl", "cutmixsl")) {
            List<Double> seconds = new ArrayList<>();
            List<Double> upMb = new ArrayList<>();
            for (Map<String, String> row : table.rows()) {
                if (row.get("regime").equals("fast") && row.get("variant").equals(variant)
                        && !Double.isNaN(Table.number(row, "sim_seconds_to_target"))) {
                    seconds.add(Table.number(row, "sim_seconds_to_target"));
                    upMb.add(Table.number(row, "up_mb_to_target"));
                }
            }
            String cells = "<td>" + seconds.size() + "/2</td><td>" + MeanInterval.of95(seconds).format(1, 1)
                    + "</td><td>" + MeanInterval.of95(upMb).format(1, 1) + "</td>";
            assertTrue(html.contains("<td class=\"text\">fast, N = 4, iid</td><td class=\"text\">" + variant
                    + "</td><td>10.0</td>" + cells), variant + ": " + cells + "\n" + html);
        }
        // the tiny study drops by dropout only (no deadline, no failure): its share, from the runs' metrics
        for (String variant : List.of("psl", "cutmixsl")) {
            double dropout = 0;
            int seeds = 0;
            for (Map<String, String> row : table.rows()) {
                if (row.get("regime").equals("fast") && row.get("variant").equals(variant)) {
                    dropout += Table.number(row, "dropped_client_rounds") / Table.number(row, "client_rounds");
                    seeds++;
                }
            }
            String drops = "<td>" + Html.num(100 * dropout / seeds, 1) + "</td><td>0.0</td><td>0.0</td>";
            assertTrue(html.matches("(?s).*<td class=\"text\">fast, N = 4, iid</td><td class=\"text\">" + variant
                    + "</td>(<td>[^<]*</td>){6}" + java.util.regex.Pattern.quote(drops) + ".*"), variant + ": " + drops);
            assertTrue(dropout > 0, "dropout 0.25 drops someone in 3 rounds of 4 clients over 2 seeds");
        }
    }

    @Test
    void aResultsTableWithoutSimulatedColumnsGivesNoSection() throws IOException {
        Path copy = TinyNetworkStudy.copyTo(scratch.resolve("study"));
        // results.csv as written before the simulated-time columns: those columns left out
        List<String> lines = Files.readAllLines(copy.resolve(ResultsTable.CSV));
        List<String> header = Table.split(lines.get(0));
        List<String> older = new ArrayList<>();
        for (String line : lines) {
            List<String> cells = Table.split(line);
            List<String> kept = new ArrayList<>();
            for (int i = 0; i < header.size(); i++) {
                if (!header.get(i).startsWith("sim_seconds") && !header.get(i).contains("target")
                        && !header.get(i).contains("client_rounds")) {
                    kept.add(cells.get(i));
                }
            }
            older.add(String.join(",", kept));
        }
        assertFalse(older.get(0).contains("sim_seconds"));
        Files.write(copy.resolve(ResultsTable.CSV), older);
        String html = Files.readString(Report.study(copy.toString()).localPath());
        assertTrue(html.contains("<h2>Accuracy against communication</h2>"), html);
        assertFalse(html.contains("Accuracy against simulated time"), html);
        assertFalse(html.contains("accuracy-vs-time-"), html);
    }
}
