package org.cutmixsl.model.privacy;

import java.util.Locale;

/**
 * What DP-CutMixSL clips to L2 norm C ({@code dp.clipUnit}): each kept token, or an image's kept tokens together.
 * What one record is, and so the sensitivity that follows, is {@link DpRecord}'s.
 */
public enum ClipUnit {
    /** Each kept token's D values are clipped to norm C. */
    TOKEN,
    /** All k kept tokens of an image together are clipped to norm C. */
    IMAGE;

    /** @return the configuration spelling, "token" or "image" */
    public String configName() {
        return name().toLowerCase(Locale.ROOT);
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
