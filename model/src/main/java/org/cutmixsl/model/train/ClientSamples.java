package org.cutmixsl.model.train;

/**
 * One client's training data in memory (for the bare loop): labels and images (uint8, HWC, one after
 * another).
 *
 * @param client the client id
 * @param labels one label per sample
 * @param pixels the images
 * @param imageValues bytes per image
 */
public record ClientSamples(int client, int[] labels, byte[] pixels, int imageValues) {

    /** @return the number of samples */
    public int size() {
        return labels.length;
    }

    /**
     * @param indices samples to take
     * @return those samples as a batch
     */
    public ImageBatch batch(int[] indices) {
        byte[] out = new byte[indices.length * imageValues];
        int[] batchLabels = new int[indices.length];
        for (int i = 0; i < indices.length; i++) {
            System.arraycopy(pixels, indices[i] * imageValues, out, i * imageValues, imageValues);
            batchLabels[i] = labels[indices[i]];
        }
        return new ImageBatch(indices.length, out, batchLabels);
    }
}
