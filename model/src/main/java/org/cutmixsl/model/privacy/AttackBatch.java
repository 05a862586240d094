package org.cutmixsl.model.privacy;

import java.util.Locale;
import org.cutmixsl.model.train.ImageBatch;

/**
 * One batch of the reconstruction attack: what the server received for some images and the images themselves.
 * For training the decoder the server makes these from its own holdout, by running the known head on the
 * images and punching, clipping and noising the result as clients do; for evaluating it, from the clients'
 * uploads and (only to score the attack) their images.
 *
 * @param size B, images in the batch
 * @param smashed the received tokens, B·P·D row-major, zero where a token was not received
 * @param mask B·P, 1 where the token was received and 0 where it was punched
 * @param images the images, B·H·W·C in HWC order, values in [0, 1]
 */
public record AttackBatch(int size, float[] smashed, float[] mask, float[] images) {

    /** Checks that the arrays hold whole samples. */
    public AttackBatch {
        if (size <= 0 || smashed.length % size != 0 || mask.length % size != 0 || images.length % size != 0
                || mask.length == 0 || smashed.length % mask.length != 0) {
            throw new IllegalArgumentException(String.format(Locale.ROOT,
                    "attack batch of %d samples with %d smashed values, %d mask values and %d image values:"
                            + " expected whole samples, D values per mask entry",
                    size, smashed.length, mask.length, images.length));
        }
    }

    /**
     * A batch whose images are uint8 pixels as stored.
     *
     * @param images the images (pixels divided by 255)
     * @param smashed the received tokens, B·P·D, zero where punched
     * @param mask B·P, 1 where received
     * @return the batch
     */
    public static AttackBatch of(ImageBatch images, float[] smashed, float[] mask) {
        return new AttackBatch(images.size(), smashed, mask, ImageQuality.toUnitRange(images.pixels()));
    }

    /**
     * Zeroes the punched tokens of full smashed data, in place.
     *
     * @param smashed B·P·D values
     * @param mask B·P, 1 where the token is kept
     * @return {@code smashed}, for chaining
     */
    public static float[] punch(float[] smashed, float[] mask) {
        if (mask.length == 0 || smashed.length % mask.length != 0) {
            throw new IllegalArgumentException("punch: " + smashed.length + " smashed values for " + mask.length
                    + " tokens");
        }
        int d = smashed.length / mask.length;
        for (int t = 0; t < mask.length; t++) {
            if (mask[t] == 0f) {
                java.util.Arrays.fill(smashed, t * d, (t + 1) * d, 0f);
            }
        }
        return smashed;
    }
}
