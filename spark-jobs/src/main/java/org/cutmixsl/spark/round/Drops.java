package org.cutmixsl.spark.round;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.TreeSet;
import org.cutmixsl.model.train.Seeds;
import org.cutmixsl.spark.links.Deadline;
import org.cutmixsl.spark.method.StepLayout;
import org.cutmixsl.spark.records.UploadCost;

/**
 * Who drops out of a round and why (issue 17): pure functions of the seed, the round, the clients and their
 * measured upload sizes, so that the same seed gives the same drops, in a resumed run too. A round's drops are
 * written as metrics.csv's {@code dropped} column, {@code client:reason} pairs by client id separated by
 * {@code ;} (for example {@code 3:dropout;7:deadline;8:group}).
 */
public final class Drops {

    /** Dropped before the round's plan by the seeded draw of {@code clients.dropout}. */
    public static final String DROPOUT = "dropout";
    /** Its upload missed {@code clients.deadlineSeconds}. */
    public static final String DEADLINE = "deadline";
    /** A member of its mixing group missed the deadline or failed, so the whole group was not trained. */
    public static final String GROUP = "group";
    /**
     * Its client-forward task failed after Spark's retries ({@code clients.failuresDrop}); it sent nothing. Unlike
     * dropout and deadline this is not a seeded draw: it is whatever failed.
     */
    public static final String FAILURE = "failure";

    private static final long STREAM = 0x64726f70L; // "drop"

    private Drops() {}

    /**
     * @param seed the run's seed
     * @param client the client
     * @param round the round (0-based)
     * @param probability {@code clients.dropout}
     * @return whether the client drops out of the round: a seeded draw of its own, whatever the other clients do
     */
    public static boolean dropsOut(long seed, int client, int round, double probability) {
        return probability > 0
                && new SplittableRandom(Seeds.mix(seed, STREAM, client, round)).nextDouble() < probability;
    }

    /**
     * @param seed the run's seed
     * @param round the round (0-based)
     * @param participants the round's participants, ascending
     * @param probability {@code clients.dropout}
     * @param dropped where the clients that drop out are recorded, with {@link #DROPOUT}
     * @return the participants that stay, ascending
     */
    public static int[] present(long seed, int round, int[] participants, double probability,
                                SortedMap<Integer, String> dropped) {
        List<Integer> stay = new ArrayList<>();
        for (int client : participants) {
            if (dropsOut(seed, client, round, probability)) {
                dropped.put(client, DROPOUT);
            } else {
                stay.add(client);
            }
        }
        return stay.stream().mapToInt(Integer::intValue).toArray();
    }

    /**
     * The clients of a step whose uploads do not enter the server step: those whose forward task failed, those
     * that missed the deadline, and the other members of their groups (the layout's rule,
     * {@link StepLayout#groupMatesOf}).
     *
     * @param layout the step's layout
     * @param deadline the deadline
     * @param uploads what each upload that arrived cost
     * @param failed the clients whose forward task failed for good (they sent nothing)
     * @return client id to reason ({@link #FAILURE}, {@link #DEADLINE} or {@link #GROUP}), sorted; empty when
     *     every planned upload is kept
     */
    public static SortedMap<Integer, String> afterUploads(StepLayout layout, Deadline deadline,
                                                          List<UploadCost> uploads, Set<Integer> failed) {
        SortedMap<Integer, String> dropped = new TreeMap<>();
        SortedSet<Integer> missing = new TreeSet<>(failed);
        for (int client : failed) {
            dropped.put(client, FAILURE);
        }
        if (deadline.isSet()) {
            for (UploadCost u : uploads) {
                if (deadline.misses(u.client(), u.bytes())) {
                    dropped.put(u.client(), DEADLINE);
                    missing.add(u.client());
                }
            }
        }
        for (int client : layout.groupMatesOf(missing)) {
            dropped.put(client, GROUP);
        }
        return dropped;
    }

    /**
     * @param dropped client id to reason
     * @return the metrics column's text: {@code client:reason} pairs by client id, {@code ;}-separated; empty for none
     */
    public static String format(SortedMap<Integer, String> dropped) {
        StringBuilder out = new StringBuilder();
        for (Map.Entry<Integer, String> e : dropped.entrySet()) {
            out.append(out.length() == 0 ? "" : ";").append(e.getKey()).append(':').append(e.getValue());
        }
        return out.toString();
    }

    /**
     * @param column a metrics row's {@code dropped} column
     * @return client id to reason
     */
    public static SortedMap<Integer, String> parse(String column) {
        SortedMap<Integer, String> dropped = new TreeMap<>();
        if (column == null || column.isEmpty()) {
            return dropped;
        }
        for (String pair : column.split(";")) {
            int colon = pair.indexOf(':');
            if (colon <= 0) {
                throw new IllegalArgumentException("dropped column \"" + column + "\": expected client:reason pairs");
            }
            dropped.put(Integer.parseInt(pair.substring(0, colon)), pair.substring(colon + 1));
        }
        return dropped;
    }
}
