package org.cutmixsl.data.testing;

import java.nio.file.Files;
import java.nio.file.Path;
import org.cutmixsl.common.testing.Prerequisite;

/**
 * The Debian package's Fashion-MNIST for the tests that need it: skipped where it is missing, except under
 * {@code CI=true}, where {@code bin/cutmixsl test} has installed it and a missing dataset is a failure.
 */
public final class FashionMnistFiles {

    /** The Debian package's folder. */
    public static final Path SOURCE = Path.of("/usr/share/datasets/fashion-mnist");

    private FashionMnistFiles() {}

    /** @return {@link #SOURCE}, after failing (under CI) or skipping the test when it is not installed */
    public static Path require() {
        boolean present = Files.isRegularFile(SOURCE.resolve("train-images-idx3-ubyte.gz"));
        String missing = "Fashion-MNIST is not installed: apt-get install dataset-fashion-mnist (bin/cutmixsl test does)";
        Prerequisite.require(present, missing);
        return SOURCE;
    }
}
