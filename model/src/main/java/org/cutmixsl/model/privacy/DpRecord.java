package org.cutmixsl.model.privacy;

import java.util.Locale;

/**
 * What one record is in DP-CutMixSL's guarantee ({@code dp.record}): what two neighbouring datasets differ by, and
 * so what the sensitivity of one release is and what noise protects it.
 *
 * <ul>
 *   <li>{@link #IMAGE}: one training image. Its release is the client's k kept tokens of it (k fixed by the mixing
 *   plan, which depends on the seed, never on the data). Sensitivity C when those tokens are clipped together,
 *   C·√k when each is clipped to C.
 *   <li>{@link #TOKEN}: one patch token of one image (one patch of P). Each kept token is clipped to C on its own,
 *   so adding or removing one token moves the release by at most C. A much weaker guarantee than
 *   {@link #IMAGE}: it bounds what the server learns about any one patch, not about the image, whose other
 *   patches are released with their own noise.
 * </ul>
 *
 * Either way the noise on every sent value has standard deviation σ times the sensitivity, so σ keeps its meaning
 * and the accountant's ε is exact for the stated record.
 */
public enum DpRecord {
    /** One record is one image. */
    IMAGE,
    /** One record is one patch token of one image. */
    TOKEN;

    /** @return the configuration spelling, "image" or "token" */
    public String configName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * @param unit what is clipped to C
     * @throws IllegalArgumentException when this record cannot be protected with that clipping: a token record
     *     needs each token clipped on its own
     */
    public void check(ClipUnit unit) {
        if (this == TOKEN && unit != ClipUnit.TOKEN) {
            throw new IllegalArgumentException("dp.record = token: needs dp.clipUnit = token (one token's release"
                    + " is bounded only when each token is clipped on its own); dp.clipUnit = " + unit.configName());
        }
    }

    /**
     * The L2 sensitivity of one record's release (adding or removing the record).
     *
     * @param unit what is clipped
     * @param clipNorm C
     * @param keptTokens k, the image's tokens in the upload
     * @return C·√k for an image whose tokens are clipped one by one; C otherwise
     */
    public double sensitivity(ClipUnit unit, double clipNorm, int keptTokens) {
        check(unit);
        return this == IMAGE && unit == ClipUnit.TOKEN ? clipNorm * Math.sqrt(keptTokens) : clipNorm;
    }

    /**
     * @param unit what is clipped
     * @return one sentence on the record and the sensitivity, for summaries and reports
     */
    public String statement(ClipUnit unit) {
        check(unit);
        if (this == TOKEN) {
            return "one record is one patch token of one image; each kept token is clipped to norm C, so its release"
                    + " has L2 sensitivity C and gets noise σ·C per value; this protects a single patch, not the"
                    + " image";
        }
        return unit == ClipUnit.TOKEN
                ? "one record is one image; each of its k kept tokens is clipped to norm C, so its release has"
                        + " L2 sensitivity C·√k and gets noise σ·C·√k per value"
                : "one record is one image; its k kept tokens together are clipped to norm C, so its release has"
                        + " L2 sensitivity C and gets noise σ·C per value";
    }

    /** @return "image" or "patch token", as the guarantee names what it protects */
    public String noun() {
        return this == IMAGE ? "image" : "patch token";
    }

    /**
     * @param key the configuration key, for the message
     * @param value "image" or "token" (any case)
     * @return the record
     * @throws IllegalArgumentException naming the key, the value and what is expected
     */
    public static DpRecord parse(String key, String value) {
        for (DpRecord r : values()) {
            if (r.configName().equalsIgnoreCase(value == null ? "" : value.trim())) {
                return r;
            }
        }
        throw new IllegalArgumentException(key + " = " + value + ": expected image or token");
    }
}
