package org.cutmixsl.spark.links;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * A CSV trace of the clients' links: the header {@value #HEADER}, then one row per client 0..N−1 in any order.
 * Bandwidths are in Mbit/s (0 = unlimited), latency in milliseconds, the compute factor positive. Blank lines
 * are skipped. A bad row fails naming the file and its line (1-based, the header is line 1).
 */
public final class LinkTrace {

    /** The header every trace starts with. */
    public static final String HEADER = "client_id,uplink_mbps,downlink_mbps,latency_ms,compute_factor";

    private LinkTrace() {}

    /**
     * @param file the trace
     * @param key the configuration key that named it, for messages
     * @param clients N
     * @return client k's profile at index k
     * @throws IllegalArgumentException naming the key, the file and the bad line
     */
    public static LinkProfile[] read(Path file, String key, int clients) {
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalArgumentException(key + " = \"" + file + "\": cannot read it (" + e.getMessage() + ")", e);
        }
        return parse(lines, key + " " + file, clients);
    }

    /**
     * @param lines the trace's lines
     * @param origin the key and file, for messages
     * @param clients N
     * @return client k's profile at index k
     */
    static LinkProfile[] parse(List<String> lines, String origin, int clients) {
        if (lines.isEmpty() || !lines.get(0).strip().equals(HEADER)) {
            throw new IllegalArgumentException(origin + " line 1: expected the header " + HEADER);
        }
        LinkProfile[] profiles = new LinkProfile[clients];
        for (int i = 1; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            if (line.isEmpty()) {
                continue;
            }
            String where = origin + " line " + (i + 1) + " (\"" + line + "\"): ";
            String[] cells = line.split(",", -1);
            if (cells.length != 5) {
                throw new IllegalArgumentException(where + cells.length + " fields, expected 5: " + HEADER);
            }
            int client;
            double[] v = new double[4];
            try {
                client = Integer.parseInt(cells[0].strip());
                for (int k = 0; k < 4; k++) {
                    v[k] = Double.parseDouble(cells[k + 1].strip());
                }
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(where + "not a number (" + e.getMessage() + ")", e);
            }
            if (client < 0 || client >= clients) {
                throw new IllegalArgumentException(where + "client_id " + client + " outside 0.." + (clients - 1)
                        + " (clients.count = " + clients + ")");
            }
            if (profiles[client] != null) {
                throw new IllegalArgumentException(where + "client_id " + client + " appears a second time");
            }
            for (int k = 0; k < 3; k++) {
                if (!(v[k] >= 0) || !Double.isFinite(v[k])) {
                    throw new IllegalArgumentException(where + HEADER.split(",")[k + 1] + " = " + v[k]
                            + ": expected a finite number ≥ 0");
                }
            }
            if (!(v[3] > 0) || !Double.isFinite(v[3])) {
                throw new IllegalArgumentException(where + "compute_factor = " + v[3] + ": expected a finite number > 0");
            }
            profiles[client] = new LinkProfile(LinkProfiles.bandwidth(v[0]), LinkProfiles.bandwidth(v[1]), v[2], v[3]);
        }
        for (int client = 0; client < clients; client++) {
            if (profiles[client] == null) {
                throw new IllegalArgumentException(origin + ": no row for client " + client + " (every client 0.."
                        + (clients - 1) + " needs one)");
            }
        }
        return profiles;
    }
}
