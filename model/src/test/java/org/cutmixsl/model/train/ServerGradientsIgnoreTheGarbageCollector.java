package org.cutmixsl.model.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.Device;
import java.nio.FloatBuffer;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import org.cutmixsl.model.optim.OptimizerConfig;
import org.cutmixsl.model.privacy.ClipUnit;
import org.cutmixsl.model.vit.ParameterVector;
import org.cutmixsl.model.vit.ViTConfig;
import org.junit.jupiter.api.Test;

/**
 * The server's step and a DP-clipped head give the same numbers while another thread runs the garbage collector
 * every few milliseconds. Before the scalars of attention, the loss and the clip were torch's own (NativeArrays),
 * the server's gradient differed from the second iteration on and a training step turned NaN at once under this
 * load (2-core development machine): the NaN that a resume did not repeat.
 */
class ServerGradientsIgnoreTheGarbageCollector {

    @Test
    void theSameMicroBatchGivesTheSameGradientWhileTheCollectorRuns() {
        ViTConfig config = ViTConfig.preset("fmnist-tiny");
        int n = 32;
        SplittableRandom random = new SplittableRandom(3);
        float[] tokens = new float[n * config.patchCount() * config.width()];
        for (int i = 0; i < tokens.length; i++) {
            tokens[i] = (float) random.nextGaussian();
        }
        float[] targets = new float[n * config.classes()];
        for (int b = 0; b < n; b++) {
            targets[b * config.classes() + random.nextInt(config.classes())] = 1f;
        }
        Autograd.setThreads(1);
        try (BodyAndTail server = new BodyAndTail(config, OptimizerConfig.adamw(1e-3f, 100), Device.cpu(), 1);
                Collector collector = new Collector()) {
            BodyAndTail.MicroBatchResult first = server.accumulate(FloatBuffer.wrap(tokens), n, targets, n);
            server.discardGradients();
            for (int i = 1; i <= 60; i++) {
                BodyAndTail.MicroBatchResult again = server.accumulate(FloatBuffer.wrap(tokens), n, targets, n);
                server.discardGradients();
                assertEquals(first.loss(), again.loss(), "loss, iteration " + i);
                assertArrayEquals(first.gradTokens(), again.gradTokens(), "gradient, iteration " + i);
            }
        }
    }

    @Test
    void aClippedHeadStepsTheSameWhileTheCollectorRuns() {
        ViTConfig config = ViTConfig.preset("fmnist-tiny");
        int batch = 16;
        SplittableRandom random = new SplittableRandom(4);
        byte[] pixels = new byte[batch * config.imageValues()];
        for (int i = 0; i < pixels.length; i++) {
            pixels[i] = (byte) random.nextInt(256);
        }
        ImageBatch images = new ImageBatch(batch, pixels, new int[batch]);
        float[] grad = new float[batch * config.patchCount() * config.width()];
        for (int i = 0; i < grad.length; i++) {
            grad[i] = (float) random.nextGaussian() * 1e-2f;
        }
        DpClip clip = new DpClip(ClipUnit.IMAGE, 1f);
        Autograd.setThreads(1);
        try (ClientHead head = new ClientHead(config, OptimizerConfig.adamw(1e-3f, 100), Device.cpu(), 1)) {
            ParameterVector start = head.parameters();
            float[] reference = stepFrom(head, start, images, grad, clip);
            try (Collector collector = new Collector()) {
                for (int i = 1; i <= 40; i++) {
                    assertArrayEquals(reference, stepFrom(head, start, images, grad, clip), "head after step, iteration " + i);
                }
            }
        }
    }

    private static float[] stepFrom(ClientHead head, ParameterVector start, ImageBatch images,
                                    float[] grad, DpClip clip) {
        head.loadState(start, new byte[0]);
        head.backward(images, grad, clip);
        head.step();
        return head.parameters().values();
    }

    /** A thread that collects every 2 ms until closed. */
    private static final class Collector implements AutoCloseable {
        private final AtomicBoolean running = new AtomicBoolean(true);
        private final Thread thread = new Thread(() -> {
            while (running.get()) {
                System.gc();
                try {
                    Thread.sleep(2);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }, "gc-hammer");

        Collector() {
            thread.setDaemon(true);
            thread.start();
        }

        @Override
        public void close() {
            running.set(false);
            try {
                thread.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
