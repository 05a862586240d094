package org.cutmixsl.model.device;

/**
 * A GPU address as a scheduler assigns it (Spark's resource address, which {@code conf/gpu-discovery.sh} prints as
 * nvidia-smi's index) read as a device ordinal. Shared by libtorch's and ND4J's device choice, so both read an
 * address the same way.
 */
final class GpuAddress {

    private GpuAddress() {}

    /**
     * @param what what asks, the start of the error (e.g. "device = gpu")
     * @param address the assigned address
     * @param assignedBy who assigned it, for the error
     * @return the ordinal the address names
     * @throws DeviceUnavailableException when the address is not an index, naming it
     */
    static int index(String what, String address, String assignedBy) {
        try {
            return Integer.parseInt(address.trim());
        } catch (NumberFormatException e) {
            throw new DeviceUnavailableException(what + ": the GPU address '" + address + "' assigned to " + assignedBy
                    + " is not a device index (the discovery script must print indices, as nvidia-smi)");
        }
    }
}
