package org.cutmixsl.spark.job;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.cutmixsl.common.io.Location;
import org.cutmixsl.spark.round.MetricsCodec;
import org.cutmixsl.spark.round.RoundMetrics;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A short real run with simulated links (10 Mbit/s up, 50 down, 20 ms): metrics.csv has each round's simulated
 * seconds and their running total, at least the transfer time of the round's measured bytes; summary.json has the
 * total and the time to a target accuracy; training's own numbers are those of the same run without links.
 */
class SimulatedLinksGiveSimSecondsEndToEnd {

    @TempDir
    Path runs;

    @Test
    void metricsAndSummaryCarrySimulatedSeconds() throws Exception {
        Path out = runs.resolve("sfl-linked");
        Training.Result result = TrainingRuns.train(TrainingRuns.config("method=sfl", "clients.link.uplinkMbps=10",
                "clients.link.downlinkMbps=50", "clients.link.latencyMs=20", "eval.targetAccuracy=0.01"), out, false);
        String header = Files.readString(out.resolve("metrics.csv")).lines().findFirst().orElseThrow();
        assertTrue(header.contains(",sim_seconds,sim_seconds_total"), header);
        List<RoundMetrics> metrics = MetricsCodec.read(Location.of(out.toString()));
        assertEquals(result.metrics().size(), metrics.size());
        double total = 0;
        for (RoundMetrics m : metrics) {
            // every client sends its upload at 10 Mbit/s at best in parallel: the slowest at least (bytes_up / clients)
            double floor = (m.bytesUp() / (double) TrainingRuns.CLIENTS) * 8 / 10e6 + 0.02;
            assertTrue(m.simSeconds() > floor, "round " + m.round() + ": " + m.simSeconds() + " s, at least " + floor);
            total += m.simSeconds();
            assertEquals(total, m.simSecondsTotal(), 2e-3, "running total, round " + m.round());
        }
        JsonNode summary = new ObjectMapper().readTree(out.resolve("summary.json").toFile());
        assertTrue(summary.get("sim_seconds_total").asDouble() > 0, summary.toString());
        assertEquals(metrics.get(metrics.size() - 1).simSecondsTotal(), summary.get("sim_seconds_total").asDouble(),
                2e-3);
        // the one evaluation (after the last round) is above 1%: the target is reached there
        assertEquals(summary.get("sim_seconds_total").asDouble(), summary.get("sim_seconds_to_target").asDouble(),
                2e-3);
        assertTrue(summary.get("determinism").asText().contains("sim_seconds"), summary.get("determinism").asText());

        Training.Result plain = TrainingRuns.train(TrainingRuns.config("method=sfl"), runs.resolve("sfl-plain"), false);
        assertEquals(TrainingRuns.deterministicParts(plain.metrics()), TrainingRuns.deterministicParts(metrics),
                "links change the simulated time, not what is trained");
        assertTrue(Double.isNaN(plain.metrics().get(0).simSeconds()), "no links, no simulated time");
        JsonNode plainSummary = new ObjectMapper().readTree(runs.resolve("sfl-plain/summary.json").toFile());
        assertTrue(plainSummary.get("sim_seconds_total").isNull());
    }

    /**
     * SL with the server step in an executor task: the uploads' costs come back in the server task's result, and
     * each of the round's sequential steps pays its client's latency at least four times (upload, download, head
     * hand-over up and down).
     */
    @Test
    void slWithTheServerOnAnExecutorAddsEveryStepsTransfers() throws Exception {
        Path out = runs.resolve("sl-executor");
        Training.Result result = TrainingRuns.train(TrainingRuns.config("method=sl", "server.placement=executor",
                "clients.link.latencyMs=100"), out, false);
        for (RoundMetrics m : result.metrics()) {
            assertTrue(m.simSeconds() > TrainingRuns.CLIENTS * 4 * 0.1, "round " + m.round() + ": " + m.simSeconds());
        }
        JsonNode summary = new ObjectMapper().readTree(out.resolve("summary.json").toFile());
        assertTrue(summary.get("sim_seconds_total").asDouble() > 2 * TrainingRuns.CLIENTS * 4 * 0.1);
        assertTrue(summary.get("sim_seconds_to_target").isNull(), "no target configured");
    }
}
