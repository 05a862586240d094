package org.cutmixsl.spark.data;

import org.apache.spark.Partitioner;

/**
 * Puts contiguous ranges of client ids into each partition (client k of N into partition k·n/N), so a
 * client-forward task runs neighbouring clients and the gradient records of a step land next to the
 * shards they belong to (a join with this partitioner on both sides moves only the gradients). Ids
 * below 0 (the pooled data) go to partition 0.
 */
public final class ClientPartitioner extends Partitioner {

    private static final long serialVersionUID = 1L;

    private final int partitions;
    private final int clients;

    /**
     * @param partitions number of partitions
     * @param clients number of clients N
     */
    public ClientPartitioner(int partitions, int clients) {
        if (partitions < 1 || clients < 1) {
            throw new IllegalArgumentException(partitions + " partitions for " + clients + " clients");
        }
        this.partitions = Math.min(partitions, clients);
        this.clients = clients;
    }

    @Override
    public int numPartitions() {
        return partitions;
    }

    @Override
    public int getPartition(Object key) {
        int client = (Integer) key;
        if (client < 0) {
            return 0;
        }
        return (int) ((long) Math.min(client, clients - 1) * partitions / clients);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof ClientPartitioner p && p.partitions == partitions && p.clients == clients;
    }

    @Override
    public int hashCode() {
        return 31 * partitions + clients;
    }
}
