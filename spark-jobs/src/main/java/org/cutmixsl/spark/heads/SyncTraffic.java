package org.cutmixsl.spark.heads;

import java.util.Collections;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * What a head policy's synchronisation after a step put on the wire, per client: the head parameters each client
 * uploaded and downloaded, in serialized bytes. A hand-over's download is the next client's; it is recorded
 * under the client that handed the head on, and the method's simulated time says whose link carries it.
 *
 * @param uploads bytes each client uploaded, by client id
 * @param downloads bytes each client downloaded, by client id
 */
public record SyncTraffic(SortedMap<Integer, Long> uploads, SortedMap<Integer, Long> downloads) {

    /** Nothing sent. */
    public static final SyncTraffic NONE = new SyncTraffic(new TreeMap<>(), new TreeMap<>());

    /** Copies the maps, read-only. */
    public SyncTraffic {
        uploads = Collections.unmodifiableSortedMap(new TreeMap<>(uploads));
        downloads = Collections.unmodifiableSortedMap(new TreeMap<>(downloads));
    }

    /** @return every byte, uploads and downloads together */
    public long bytes() {
        long total = 0;
        for (long b : uploads.values()) {
            total += b;
        }
        for (long b : downloads.values()) {
            total += b;
        }
        return total;
    }

    /** @return whether nothing was sent */
    public boolean isEmpty() {
        return uploads.isEmpty() && downloads.isEmpty();
    }
}
