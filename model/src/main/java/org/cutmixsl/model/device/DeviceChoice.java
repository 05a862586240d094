package org.cutmixsl.model.device;

import java.util.Locale;

/** The {@code device} setting: where torch computes. {@code gpu} never falls back to the CPU silently. */
public enum DeviceChoice {
    /** The CPU, always. */
    CPU,
    /** A GPU, or an error that names what is missing. */
    GPU,
    /** A GPU where libtorch can use one, else the CPU. */
    AUTO;

    /**
     * @param key the option or configuration key the value came from, for the error
     * @param value cpu, gpu or auto (any case)
     * @return the choice
     */
    public static DeviceChoice parse(String key, String value) {
        try {
            return valueOf(value.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException | NullPointerException e) {
            throw new IllegalArgumentException(key + " = '" + value + "': expected cpu, gpu or auto");
        }
    }
}
