package org.cutmixsl.data.source;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import org.cutmixsl.data.testing.FashionMnistFiles;
import org.junit.jupiter.api.Test;

/**
 * The per-channel statistics that {@code model.inputScaling = dataset} standardises with are those of the
 * Fashion-MNIST training files (the Debian package; skipped only where it is absent, and CI installs it).
 */
class PixelStatisticsMatchTheTrainingFiles {

    private static final Path SOURCE = FashionMnistFiles.SOURCE;

    @Test
    void fashionMnistMeanAndSdAreTheTrainingSplits() {
        FashionMnistFiles.require();
        byte[] pixels = IdxReader.readImages(SOURCE.resolve("train-images-idx3-ubyte.gz"), 28, 28);
        double sum = 0;
        double sumSq = 0;
        for (byte b : pixels) {
            double v = (b & 0xFF) / 255.0;
            sum += v;
            sumSq += v * v;
        }
        double mean = sum / pixels.length;
        double sd = Math.sqrt(sumSq / pixels.length - mean * mean);
        assertEquals(60000 * 28 * 28, pixels.length);
        assertEquals(mean, DatasetKind.FASHION_MNIST.pixelMean()[0], 1e-6);
        assertEquals(sd, DatasetKind.FASHION_MNIST.pixelStd()[0], 1e-6);
    }

    @Test
    void everyDatasetHasOneValuePerChannel() {
        for (DatasetKind kind : DatasetKind.values()) {
            assertEquals(kind.channels(), kind.pixelMean().length, kind.cliName());
            assertEquals(kind.channels(), kind.pixelStd().length, kind.cliName());
        }
    }
}
