package org.cutmixsl.spark.records;

/**
 * One client's training data as the client-forward and client-backward tasks read it: sample ids in
 * ascending order, their labels, and their pixels (uint8, HWC, one image after another).
 *
 * @param client the client id
 * @param sampleIds ascending sample ids
 * @param labels one label per sample
 * @param pixels the images
 * @param imageValues bytes per image
 */
public record ClientShard(int client, long[] sampleIds, int[] labels, byte[] pixels, int imageValues) {

    /** @return the number of samples */
    public int size() {
        return sampleIds.length;
    }
}
