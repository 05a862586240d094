package org.cutmixsl.model.privacy;

import java.util.Locale;

/**
 * What DP-CutMixSL clips to L2 norm C ({@code dp.clipUnit}). Either way one record is one image (one training
 * sample): neighbouring datasets differ by one image, and what that image contributes to one upload is the
 * client's kept tokens of it, k of its P patch tokens, k fixed by the mixing plan (which depends on the seed, never
 * on the data).
 */
public enum ClipUnit {
    /**
     * Each kept token's D values are clipped to norm C. One image's upload then moves by at most C·√k, and its noise
     * has standard deviation σ·C·√k per value, so that σ keeps its meaning: noise over sensitivity is σ for every image.
     */
    TOKEN,
    /** All k kept tokens of an image together are clipped to norm C: sensitivity C, noise σ·C per value. */
    IMAGE;

    /** @return the configuration spelling, "token" or "image" */
    public String configName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * The L2 sensitivity of one image's release (adding or removing the image).
     *
     * @param clipNorm C
     * @param keptTokens k, the image's tokens in the upload
     * @return C·√k for {@link #TOKEN}, C for {@link #IMAGE}
     */
    public double sensitivity(double clipNorm, int keptTokens) {
        return this == TOKEN ? clipNorm * Math.sqrt(keptTokens) : clipNorm;
    }

    /** @return one sentence on the record and the sensitivity, for summaries and reports */
    public String statement() {
        return this == TOKEN
                ? "one record is one image; each of its k kept tokens is clipped to norm C, so its release has"
                        + " L2 sensitivity C·√k and gets noise σ·C·√k per value"
                : "one record is one image; its k kept tokens together are clipped to norm C, so its release has"
                        + " L2 sensitivity C and gets noise σ·C per value";
    }

    /**
     * @param key the configuration key, for the message
     * @param value "token" or "image" (any case)
     * @return the unit
     * @throws IllegalArgumentException naming the key, the value and what is expected
     */
    public static ClipUnit parse(String key, String value) {
        for (ClipUnit u : values()) {
            if (u.configName().equalsIgnoreCase(value == null ? "" : value.trim())) {
                return u;
            }
        }
        throw new IllegalArgumentException(key + " = " + value + ": expected token or image");
    }
}
