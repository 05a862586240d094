package scratch;

import ai.djl.Device;
import java.nio.FloatBuffer;
import java.util.SplittableRandom;
import org.cutmixsl.model.optim.OptimizerConfig;
import org.cutmixsl.model.train.*;
import org.cutmixsl.model.vit.ViTConfig;
import org.junit.jupiter.api.Test;

class TimingScratch {
    @Test
    void time() {
        for (int threads : new int[] {2, 1, 2, 1}) {
            Autograd.setThreads(threads);
            ViTConfig cfg = ViTConfig.preset("fmnist-tiny");
            OptimizerConfig opt = OptimizerConfig.adamw(1e-3f, 1000);
            int B = 64;
            SplittableRandom r = new SplittableRandom(1);
            byte[] px = new byte[B * 784];
            for (int i = 0; i < px.length; i++) px[i] = (byte) r.nextInt(256);
            int[] labels = new int[B];
            ImageBatch batch = new ImageBatch(B, px, labels);
            try (ClientHead h1 = new ClientHead(cfg, opt, Device.cpu(), 1);
                 ClientHead h2 = new ClientHead(cfg, opt, Device.cpu(), 1);
                 ServerModel server = new ServerModel(cfg, opt, Device.cpu(), 1)) {
                float[] targets = new float[2 * B * 10];
                for (int b = 0; b < 2 * B; b++) targets[b * 10 + (b % 10)] = 1f;
                long tSmash = 0, tServer = 0, tBack = 0;
                int steps = 30;
                for (int s = 0; s < steps + 5; s++) {
                    long t0 = System.nanoTime();
                    float[] s1 = h1.smash(batch, SmashedTransform.IDENTITY);
                    float[] s2 = h2.smash(batch, SmashedTransform.IDENTITY);
                    long t1 = System.nanoTime();
                    float[] x = new float[s1.length * 2];
                    System.arraycopy(s1, 0, x, 0, s1.length);
                    System.arraycopy(s2, 0, x, s1.length, s2.length);
                    ServerModel.MicroBatchResult res = server.accumulate(FloatBuffer.wrap(x), 2 * B, targets, 2 * B);
                    server.step();
                    long t2 = System.nanoTime();
                    float[] g1 = new float[s1.length];
                    System.arraycopy(res.gradTokens(), 0, g1, 0, s1.length);
                    h1.backward(batch, g1, SmashedTransform.IDENTITY);
                    h1.step();
                    h2.backward(batch, g1, SmashedTransform.IDENTITY);
                    h2.step();
                    long t3 = System.nanoTime();
                    if (s >= 5) { tSmash += t1 - t0; tServer += t2 - t1; tBack += t3 - t2; }
                }
                double total = (tSmash + tServer + tBack) / 1e9;
                System.out.printf("threads=%d smash %.1f ms, server %.1f ms, back %.1f ms per step; %.0f img/s%n",
                        threads, tSmash / 1e6 / steps, tServer / 1e6 / steps, tBack / 1e6 / steps, steps * 2 * B / total);
            }
        }
    }
}
