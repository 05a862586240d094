package org.cutmixsl.data.prepare;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.cutmixsl.data.dataset.PreparedDataset;
import org.cutmixsl.data.testing.SharedSpark;
import org.cutmixsl.data.testing.SyntheticSources;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code prepare --validation V} on real Parquet: V training images, stratified by label, held by no client,
 * disjoint from the server holdout and from the test set, the same ones for the same seed. The test images of
 * this source differ from every training image, so "from the training data" is checked on the pixels.
 */
class ValidationSplitIsStratifiedDisjointAndReproducible {

    private static final int TRAIN = 400;
    private static final int TEST = 60;
    private static final int HOLDOUT = 37;
    private static final int VALIDATION = 53;

    @TempDir
    static Path tmp;

    private static int[] labels;
    private static byte[] trainPixels;

    @BeforeAll
    static void source() throws Exception {
        SharedSpark.session();
        Path src = tmp.resolve("src");
        java.nio.file.Files.createDirectories(src);
        labels = SyntheticSources.labels(TRAIN, 10);
        trainPixels = SyntheticSources.pixels(TRAIN, 784);
        // Test images unlike any training image: neighbouring pixels of a training image differ by 7, of these by 5.
        byte[] testPixels = new byte[TEST * 784];
        for (int t = 0; t < TEST; t++) {
            for (int j = 0; j < 784; j++) {
                testPixels[t * 784 + j] = (byte) (t + 5 * j);
            }
        }
        SyntheticSources.idxImages(src.resolve("train-images-idx3-ubyte.gz"), SyntheticSources.IMAGES_MAGIC, TRAIN,
                28, 28, trainPixels, true);
        SyntheticSources.idxLabels(src.resolve("train-labels-idx1-ubyte.gz"), SyntheticSources.LABELS_MAGIC, labels,
                true);
        SyntheticSources.idxImages(src.resolve("t10k-images-idx3-ubyte.gz"), SyntheticSources.IMAGES_MAGIC, TEST,
                28, 28, testPixels, true);
        SyntheticSources.idxLabels(src.resolve("t10k-labels-idx1-ubyte.gz"), SyntheticSources.LABELS_MAGIC,
                SyntheticSources.labels(TEST, 10), true);
    }

    private static PreparedDataset prepare(String out, long seed, int validation) {
        return DatasetPreparer.prepare(SharedSpark.session(), PrepareOptions.builder()
                .dataset("mnist").source(tmp.resolve("src")).clients(4).shares("iid").minSamples(16)
                .serverHoldout(HOLDOUT).validation(validation).seed(seed).out(tmp.resolve(out)).build());
    }

    private static long[] ids(Dataset<Row> split) {
        return split.select("sample_id").collectAsList().stream().mapToLong(r -> r.getLong(0)).sorted().toArray();
    }

    private static long[] validationIds(PreparedDataset d) {
        return ids(d.readValidation(SharedSpark.session()).orElseThrow());
    }

    @Test
    void validationIsHeldByNoClientAndDisjointFromHoldoutAndTest() {
        PreparedDataset d = prepare("disjoint", 5, VALIDATION);
        assertEquals(VALIDATION, d.validationRows());
        assertEquals(VALIDATION, d.manifest().recipe().validation());
        long[] validation = validationIds(d);
        assertEquals(VALIDATION, validation.length);
        Set<Long> seen = new HashSet<>();
        for (long id : validation) {
            assertTrue(seen.add(id), "validation id " + id + " twice");
        }
        for (long id : ids(d.readTrain(SharedSpark.session()))) {
            assertTrue(seen.add(id), "sample " + id + " is in a client's share and in the validation split or twice");
        }
        for (long id : ids(d.readHoldout(SharedSpark.session()).orElseThrow())) {
            assertTrue(seen.add(id), "sample " + id + " is in the server holdout and elsewhere");
        }
        assertEquals(TRAIN, seen.size(), "train, holdout and validation together cover the training data");

        Set<ByteBuffer> testImages = new HashSet<>();
        for (Row r : d.readTest(SharedSpark.session()).select("image").collectAsList()) {
            testImages.add(ByteBuffer.wrap((byte[]) r.get(0)));
        }
        for (Row r : d.readValidation(SharedSpark.session()).orElseThrow()
                .select("client_id", "sample_id", "label", "image").collectAsList()) {
            int id = (int) r.getLong(1);
            byte[] image = (byte[]) r.get(3);
            assertEquals(-1, r.getInt(0), "validation rows belong to no client");
            assertEquals(labels[id], r.getInt(2));
            assertArrayEquals(Arrays.copyOfRange(trainPixels, id * 784, (id + 1) * 784), image,
                    "validation sample " + id + " is that training image");
            assertFalse(testImages.contains(ByteBuffer.wrap(image)), "validation sample " + id + " is a test image");
        }
    }

    @Test
    void everyLabelGetsItsProportionalShareWithinOne() {
        for (long seed = 1; seed <= 4; seed++) {
            PreparedDataset d = prepare("stratified-" + seed, seed, VALIDATION);
            // Proportional to the label counts of what the holdout left: the pool the split is cut from.
            Set<Long> held = new HashSet<>();
            Arrays.stream(ids(d.readHoldout(SharedSpark.session()).orElseThrow())).forEach(held::add);
            int[] pool = new int[10];
            for (int i = 0; i < TRAIN; i++) {
                if (!held.contains((long) i)) {
                    pool[labels[i]]++;
                }
            }
            int[] drawn = new int[10];
            for (long id : validationIds(d)) {
                drawn[labels[(int) id]]++;
            }
            for (int k = 0; k < 10; k++) {
                double exact = (double) VALIDATION * pool[k] / (TRAIN - HOLDOUT);
                assertTrue(Math.abs(drawn[k] - exact) < 1, "seed " + seed + " label " + k + ": " + drawn[k]
                        + " drawn, proportional share " + exact);
            }
        }
    }

    @Test
    void sameSeedSameImagesAnotherSeedOthers() {
        long[] a = validationIds(prepare("seed-a", 9, VALIDATION));
        long[] b = validationIds(prepare("seed-b", 9, VALIDATION));
        long[] c = validationIds(prepare("seed-c", 10, VALIDATION));
        assertArrayEquals(a, b);
        assertNotEquals(List.of(Arrays.toString(a)), List.of(Arrays.toString(c)));
    }

    @Test
    void theValidationSplitLeavesTheServerHoldoutAsItWas() {
        PreparedDataset without = prepare("without", 3, 0);
        PreparedDataset with = prepare("with", 3, VALIDATION);
        assertEquals(0, without.validationRows());
        assertTrue(without.readValidation(SharedSpark.session()).isEmpty());
        assertArrayEquals(ids(without.readHoldout(SharedSpark.session()).orElseThrow()),
                ids(with.readHoldout(SharedSpark.session()).orElseThrow()));
    }
}
