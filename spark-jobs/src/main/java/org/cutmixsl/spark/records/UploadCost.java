package org.cutmixsl.spark.records;

/**
 * What one client's upload cost, as its client-forward task measured it: carried back to the driver with the
 * server stage's result (not in an accumulator, which a retried task would add to twice).
 *
 * @param client the client id
 * @param bytes the upload's serialized size
 * @param seconds the client's forward computation in its task
 */
public record UploadCost(int client, long bytes, double seconds) {

    /**
     * @param upload a client's upload
     * @return what it cost
     */
    public static UploadCost of(ClientUpload upload) {
        return new UploadCost(upload.record().client(), upload.serializedBytes(), upload.seconds());
    }
}
