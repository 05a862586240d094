package org.cutmixsl.model.device;

import ai.djl.Device;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Option;

/**
 * The {@code --device cpu|gpu|auto} option of the commands that compute outside Spark's scheduling (bare-train,
 * bench model, export, predict), as a picocli mixin so that every command names and checks it the same way.
 */
public final class DeviceOption {

    @Option(names = "--device", paramLabel = "cpu|gpu|auto", converter = Converter.class,
            description = "where torch computes (default cpu); gpu takes GPU 0 of those CUDA_VISIBLE_DEVICES shows and"
                    + " fails naming what is missing, never falling back to the CPU")
    DeviceChoice choice = DeviceChoice.CPU;

    /** @return the device the option names, resolved against what libtorch can use */
    public Device device() {
        return TorchDevices.forProcess(choice);
    }

    /** @return the choice as given */
    public DeviceChoice choice() {
        return choice;
    }

    /** Parses the value with {@link DeviceChoice#parse}, so the error names the option. */
    public static final class Converter implements ITypeConverter<DeviceChoice> {
        @Override
        public DeviceChoice convert(String value) {
            return DeviceChoice.parse("--device", value);
        }
    }
}
