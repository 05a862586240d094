package org.cutmixsl.model.device;

import org.cutmixsl.common.cli.ExitCodes;

/**
 * {@code device = gpu} cannot be had here; the message names what is missing. A command ends with exit code 2, as
 * for any setting this machine cannot satisfy, and no stack trace: the message is the whole story.
 */
public final class DeviceUnavailableException extends IllegalStateException implements ExitCodes.Cause {

    private static final long serialVersionUID = 1L;

    /** @param message what is missing and how to get it */
    public DeviceUnavailableException(String message) {
        super(message);
    }

    @Override
    public int exitCode() {
        return ExitCodes.BAD_CONFIG;
    }
}
