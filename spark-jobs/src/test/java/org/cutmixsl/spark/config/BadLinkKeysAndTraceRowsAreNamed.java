package org.cutmixsl.spark.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.cutmixsl.spark.links.LinkProfile;
import org.cutmixsl.spark.links.LinkTrace;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * clients.link is checked when the configuration is loaded: a bad value, distribution or distribution field fails
 * naming its key; a bad trace row fails naming the file's line. A good trace gives each client its row.
 */
class BadLinkKeysAndTraceRowsAreNamed {

    @TempDir
    Path dir;

    private static String failure(String... overrides) {
        List<String> all = new ArrayList<>(List.of("clients.count=3"));
        all.addAll(List.of(overrides));
        return assertThrows(IllegalArgumentException.class, () -> ConfigLoader.load(null, all)).getMessage();
    }

    private String traceFailure(String... lines) throws IOException {
        return failure("clients.link.trace=" + trace(lines));
    }

    private Path trace(String... lines) throws IOException {
        Path file = dir.resolve("trace-" + lines.length + "-" + Math.abs(String.join("|", lines).hashCode()) + ".csv");
        Files.writeString(file, String.join("\n", lines) + "\n");
        return file;
    }

    @Test
    void badValuesAndDistributionsNameTheirKey() {
        assertTrue(failure("clients.link.uplinkMbps=-1").contains("clients.link.uplinkMbps = -1.0"));
        assertTrue(failure("clients.link.computeFactor=0").contains("clients.link.computeFactor = 0.0"));
        assertTrue(failure("clients.link.latencyMs=slow").contains("clients.link.latencyMs"));
        String unknownDist = failure("clients.link.uplinkMbps={dist=gaussian,low=1,high=2}");
        assertTrue(unknownDist.contains("clients.link.uplinkMbps.dist = \"gaussian\""), unknownDist);
        String unknownField = failure("clients.link.downlinkMbps={dist=lognormal,median=10,mean=3}");
        assertTrue(unknownField.contains("clients.link.downlinkMbps.mean"), unknownField);
        String missing = failure("clients.link.uplinkMbps={dist=uniform,low=5}");
        assertTrue(missing.contains("clients.link.uplinkMbps.high"), missing);
        String reversed = failure("clients.link.uplinkMbps={dist=uniform,low=5,high=2}");
        assertTrue(reversed.contains("clients.link.uplinkMbps.high = 2.0"), reversed);
        String zeroLow = failure("clients.link.uplinkMbps={dist=uniform,low=0,high=2}");
        assertTrue(zeroLow.contains("clients.link.uplinkMbps.low = 0.0"), zeroLow);
        assertTrue(failure("clients.link.speed=3").contains("unknown configuration key clients.link.speed"));
        assertTrue(failure("eval.targetAccuracy=80").contains("eval.targetAccuracy = 80.0"));
    }

    @Test
    void badTraceRowsNameTheirLine() throws IOException {
        String header = LinkTrace.HEADER;
        String notANumber = traceFailure(header, "0,10,50,20,1", "1,ten,50,20,1", "2,10,50,20,1");
        assertTrue(notANumber.contains("clients.link.trace") && notANumber.contains("line 3"), notANumber);
        String fields = traceFailure(header, "0,10,50,20,1", "1,10,50,20,1", "2,10,50,20");
        assertTrue(fields.contains("line 4") && fields.contains("4 fields, expected 5"), fields);
        String negative = traceFailure(header, "0,10,-50,20,1", "1,10,50,20,1", "2,10,50,20,1");
        assertTrue(negative.contains("line 2") && negative.contains("downlink_mbps = -50.0"), negative);
        String factor = traceFailure(header, "0,10,50,20,1", "1,10,50,20,0", "2,10,50,20,1");
        assertTrue(factor.contains("line 3") && factor.contains("compute_factor = 0.0"), factor);
        String twice = traceFailure(header, "0,10,50,20,1", "", "0,10,50,20,1", "2,10,50,20,1");
        assertTrue(twice.contains("line 4") && twice.contains("client_id 0 appears a second time"), twice);
        String outside = traceFailure(header, "0,10,50,20,1", "1,10,50,20,1", "3,10,50,20,1");
        assertTrue(outside.contains("line 4") && outside.contains("client_id 3 outside 0..2"), outside);
        String absent = traceFailure(header, "0,10,50,20,1", "2,10,50,20,1");
        assertTrue(absent.contains("no row for client 1"), absent);
        String noHeader = traceFailure("0,10,50,20,1", "1,10,50,20,1", "2,10,50,20,1");
        assertTrue(noHeader.contains("line 1") && noHeader.contains(header), noHeader);
        String unreadable = failure("clients.link.trace=" + dir.resolve("absent.csv"));
        assertTrue(unreadable.contains("clients.link.trace") && unreadable.contains("absent.csv"), unreadable);
        String both = failure("clients.link.trace=" + trace(header, "0,1,1,1,1", "1,1,1,1,1", "2,1,1,1,1"),
                "clients.link.uplinkMbps=10");
        assertTrue(both.contains("clients.link.trace") && both.contains("either the trace or"), both);
    }

    @Test
    void aGoodTraceGivesEachClientItsRow() throws IOException {
        Path file = trace(LinkTrace.HEADER, "2,1,2,3,4", "0,10,50,20,1", "1,0,100,0,2.5");
        TrainConfig c = ConfigLoader.load(null, List.of("clients.count=3", "clients.link.trace=" + file));
        assertTrue(c.links.simulated());
        assertEquals(new LinkProfile(10, 50, 20, 1), c.links.of(0));
        assertEquals(new LinkProfile(Double.POSITIVE_INFINITY, 100, 0, 2.5), c.links.of(1), "0 Mbit/s is unlimited");
        assertEquals(new LinkProfile(1, 2, 3, 4), c.links.of(2));
    }
}
