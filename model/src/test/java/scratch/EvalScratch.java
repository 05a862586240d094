package scratch;

import ai.djl.Device;
import java.util.SplittableRandom;
import org.cutmixsl.model.train.*;
import org.cutmixsl.model.vit.*;
import org.junit.jupiter.api.Test;

class EvalScratch {
    @Test
    void time() {
        ViTConfig cfg = ViTConfig.preset("fmnist-tiny");
        Autograd.setThreads(1);
        try (InferenceModel m = new InferenceModel(cfg, Device.cpu())) {
            for (int batch : new int[] {64, 256, 1000, 2000, 64, 256}) {
                SplittableRandom r = new SplittableRandom(1);
                byte[] px = new byte[batch * 784];
                for (int i = 0; i < px.length; i++) px[i] = (byte) r.nextInt(256);
                ImageBatch b = new ImageBatch(batch, px, new int[batch]);
                m.correct(b);
                long t0 = System.nanoTime();
                int reps = Math.max(1, 2000 / batch);
                for (int i = 0; i < reps; i++) m.correct(b);
                double s = (System.nanoTime() - t0) / 1e9;
                System.out.printf("batch %d: %.0f img/s%n", batch, reps * batch / s);
            }
        }
    }
}
