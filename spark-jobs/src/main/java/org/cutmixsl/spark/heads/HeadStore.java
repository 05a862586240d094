package org.cutmixsl.spark.heads;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Collections;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import org.cutmixsl.spark.records.HeadState;

/**
 * Every client's head, held on the driver between rounds: global head parameters (what a client without
 * parameters of its own gets), per-client parameters that override them, and per-client optimiser
 * states (a client without one starts with a fresh optimiser). Held here, heads
 * survive task retries and lost executors without a lineage that grows round after round, and they are
 * written with every checkpoint. Maps are sorted by client id, so every sum over them has one order.
 */
public final class HeadStore {

    private static final int MAGIC = 0x48454144; // "HEAD"

    private byte[] globalParameters;
    private static final byte[] FRESH_OPTIMIZER = new byte[0];

    private final SortedMap<Integer, byte[]> parameters = new TreeMap<>();
    private final SortedMap<Integer, byte[]> optimizers = new TreeMap<>();

    /**
     * @param initialParameters the seeded initial head every client starts from
     */
    public HeadStore(byte[] initialParameters) {
        this.globalParameters = initialParameters;
    }

    /** @return the head a client trains from this round */
    public HeadState stateOf(int client) {
        return new HeadState(parameters.getOrDefault(client, globalParameters),
                optimizers.getOrDefault(client, FRESH_OPTIMIZER));
    }

    /** @return the client's own parameters, or null when it follows the global head */
    public byte[] ownParameters(int client) {
        return parameters.get(client);
    }

    /** @return the client's optimiser state, or null when it has none yet */
    public byte[] ownOptimizer(int client) {
        return optimizers.get(client);
    }

    /** Keeps a client's own parameters and optimiser state. */
    public void put(int client, HeadState state) {
        parameters.put(client, state.parameters());
        optimizers.put(client, state.optimizer());
    }

    /** Keeps a client's optimiser state only (its parameters follow the global head). */
    public void putOptimizer(int client, byte[] optimizer) {
        optimizers.put(client, optimizer);
    }

    /** Replaces the global parameters and drops every client's own, which they now equal. */
    public void replaceAllParameters(byte[] global) {
        globalParameters = global;
        parameters.clear();
    }

    /** @return the global parameters */
    public byte[] globalParameters() {
        return globalParameters;
    }

    /** @return clients holding their own parameters, sorted by id */
    public SortedMap<Integer, byte[]> clientParameters() {
        return Collections.unmodifiableSortedMap(parameters);
    }

    /** @return whether any client holds its own parameters */
    public boolean hasClientParameters() {
        return !parameters.isEmpty();
    }

    /** @return the store as bytes, for a checkpoint */
    public byte[] toBytes() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeInt(MAGIC);
            writeArray(out, globalParameters);
            writeMap(out, parameters);
            writeMap(out, optimizers);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    /**
     * @param bytes written by {@link #toBytes()}
     * @return the store
     */
    public static HeadStore fromBytes(byte[] bytes) {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes))) {
            if (in.readInt() != MAGIC) {
                throw new IllegalArgumentException("not a head store");
            }
            HeadStore store = new HeadStore(readArray(in));
            readMap(in, store.parameters);
            readMap(in, store.optimizers);
            return store;
        } catch (IOException e) {
            throw new IllegalArgumentException("head store truncated or damaged", e);
        }
    }

    private static void writeArray(DataOutputStream out, byte[] a) throws IOException {
        out.writeInt(a.length);
        out.write(a);
    }

    private static byte[] readArray(DataInputStream in) throws IOException {
        byte[] a = new byte[in.readInt()];
        in.readFully(a);
        return a;
    }

    private static void writeMap(DataOutputStream out, Map<Integer, byte[]> map) throws IOException {
        out.writeInt(map.size());
        for (Map.Entry<Integer, byte[]> e : map.entrySet()) {
            out.writeInt(e.getKey());
            writeArray(out, e.getValue());
        }
    }

    private static void readMap(DataInputStream in, Map<Integer, byte[]> map) throws IOException {
        int n = in.readInt();
        for (int i = 0; i < n; i++) {
            int key = in.readInt();
            map.put(key, readArray(in));
        }
    }
}
