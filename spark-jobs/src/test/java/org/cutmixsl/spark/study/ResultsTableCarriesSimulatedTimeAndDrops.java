package org.cutmixsl.spark.study;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Row;
import org.cutmixsl.spark.TestSpark;
import org.cutmixsl.spark.TinyNetworkStudy;
import org.junit.jupiter.api.Test;

/**
 * The results table of a real study with two link profiles and dropouts: simulated seconds in total and to the
 * target, the uplink MB sent by the first evaluation that reached the target, and the client-rounds drawn and
 * dropped, each checked against the run's own metrics.csv (not against the code that wrote the table).
 */
class ResultsTableCarriesSimulatedTimeAndDrops {

    private static List<Row> rows() {
        Path dir = TinyNetworkStudy.get();
        return TestSpark.session().read().parquet(dir.resolve(ResultsTable.PARQUET).toUri().toString())
                .orderBy("run_id").collectAsList();
    }

    @Test
    void theSlowerProfileTakesMoreSimulatedSecondsForTheSameRun() {
        Map<String, Double> fast = new HashMap<>();
        Map<String, Double> slow = new HashMap<>();
        for (Row r : rows()) {
            String key = r.<String>getAs("variant") + "-s" + r.<Long>getAs("seed");
            (r.<String>getAs("regime").equals("fast") ? fast : slow).put(key, r.<Double>getAs("sim_seconds_total"));
        }
        assertEquals(4, fast.size(), fast.toString());
        assertEquals(fast.keySet(), slow.keySet());
        for (String key : fast.keySet()) {
            // three rounds of uploads of tens of KB per client at 1 kbit/s against 1 Gbit/s: minutes apart, more
            // than the measured compute (the rest of simulated time) varies between two runs on a loaded machine
            assertTrue(slow.get(key) > fast.get(key) + 100, key + ": slow " + slow.get(key) + ", fast " + fast.get(key));
        }
    }

    @Test
    void toTargetColumnsAreTheMetricsAtTheFirstEvaluationThatReachedTheTarget() throws IOException {
        Path dir = TinyNetworkStudy.get();
        assertTrue(Files.readAllLines(dir.resolve(ResultsTable.CSV)).get(0)
                .contains("sim_seconds_total,target_accuracy,sim_seconds_to_target,up_mb_to_target,client_rounds,"
                        + "dropped_client_rounds"));
        int reached = 0;
        long dropped = 0;
        for (Row r : rows()) {
            String id = r.getAs("run_id");
            Path run = dir.resolve(r.<String>getAs("run_dir"));
            List<String> lines = Files.readAllLines(run.resolve("metrics.csv"));
            List<String> header = Arrays.asList(lines.get(0).split(",", -1));
            double target = r.<Double>getAs("target_accuracy");
            Double seconds = null;
            Double upMb = null;
            long drops = 0;
            for (String line : lines.subList(1, lines.size())) {
                String[] cells = line.split(",", -1);
                String accuracy = cells[header.indexOf("test_accuracy")];
                if (seconds == null && !accuracy.isEmpty() && Double.parseDouble(accuracy) >= target) {
                    seconds = Double.parseDouble(cells[header.indexOf("sim_seconds_total")]);
                    upMb = Long.parseLong(cells[header.indexOf("bytes_up_total")]) / 1e6;
                }
                String who = cells[header.indexOf("dropped")];
                drops += who.isEmpty() ? 0 : who.split(";").length;
            }
            if (r.<String>getAs("regime").equals("slow")) {
                assertEquals(1.0, target, id);
                assertNull(seconds, id);
                assertNull(r.getAs("sim_seconds_to_target"), "never reached: " + id);
                assertNull(r.getAs("up_mb_to_target"), "never reached: " + id);
            } else {
                assertEquals(TinyNetworkStudy.FAST_TARGET, target, id);
                if (seconds != null) {
                    reached++;
                    assertEquals(seconds, r.<Double>getAs("sim_seconds_to_target"), 1e-3, id);
                    assertEquals(upMb, r.<Double>getAs("up_mb_to_target"), 1e-9, id);
                    assertTrue(upMb > 0, id);
                } else {
                    assertNull(r.getAs("up_mb_to_target"), id);
                }
            }
            JsonNode summary = new ObjectMapper().readTree(run.resolve("summary.json").toFile());
            assertEquals(summary.get("sim_seconds_total").asDouble(), r.<Double>getAs("sim_seconds_total"), 1e-12, id);
            assertEquals(3 * 4L, r.<Long>getAs("client_rounds").longValue(), "3 rounds of 4 clients: " + id);
            assertEquals(drops, r.<Long>getAs("dropped_client_rounds").longValue(), id);
            dropped += drops;
        }
        assertTrue(reached > 0, "no fast run reached " + TinyNetworkStudy.FAST_TARGET);
        assertTrue(dropped > 0, "clients.dropout = 0.25 dropped nobody");
    }
}
