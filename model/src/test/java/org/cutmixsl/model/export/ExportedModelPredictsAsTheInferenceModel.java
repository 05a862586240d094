package org.cutmixsl.model.export;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import ai.djl.inference.Predictor;
import ai.djl.modality.Classifications;
import ai.djl.modality.cv.Image;
import ai.djl.modality.cv.ImageFactory;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.repository.zoo.Criteria;
import ai.djl.repository.zoo.ZooModel;
import ai.djl.translate.TranslateException;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.cutmixsl.model.optim.OptimizerConfig;
import org.cutmixsl.model.privacy.ClipUnit;
import org.cutmixsl.model.train.Autograd;
import org.cutmixsl.model.train.BareLoopBench;
import org.cutmixsl.model.train.ClientSamples;
import org.cutmixsl.model.train.DpClip;
import org.cutmixsl.model.train.ImageBatch;
import org.cutmixsl.model.train.InferenceModel;
import org.cutmixsl.model.train.SmashedTransform;
import org.cutmixsl.model.train.TrainablePart;
import org.cutmixsl.model.vit.ParameterVector;
import org.cutmixsl.model.vit.ModelPart;
import org.cutmixsl.model.vit.PixelScaling;
import org.cutmixsl.model.vit.ViTConfig;
import org.cutmixsl.model.vit.VisionTransformer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A model directory written by {@link ModelDirectory} loads through DJL's {@link Criteria} with the ViT block and
 * the translators, and predicts for every image exactly the class that the training code's {@link InferenceModel}
 * predicts from the same parameters; its description round-trips; bad directories and bad images are refused with
 * messages that say what is wrong.
 */
class ExportedModelPredictsAsTheInferenceModel {

    /** Standardised input, as training's default: the exported translator must scale pixels the same way. */
    private static final ViTConfig CONFIG = ViTConfig.preset("fmnist-tiny")
            .withInput(PixelScaling.standardise(new float[] {0.2860406f}, new float[] {0.3530242f}));
    private static final int IMAGES = 96;
    private static final int BATCH = 32;

    @TempDir
    static Path tmp;

    private static ParameterVector head;
    private static ParameterVector body;
    private static ParameterVector tail;
    private static ClientSamples data;
    private static Path exported;
    private static ModelInfo info;

    @BeforeAll
    static void export() {
        Autograd.setThreads(1);
        OptimizerConfig optim = BareLoopBench.defaultOptimizer("optim", 1e-3f, 0, 1);
        head = spread(ModelPart.HEAD, optim);
        body = spread(ModelPart.BODY, optim);
        tail = spread(ModelPart.TAIL, optim);
        data = BareLoopBench.synthetic(CONFIG, 1, IMAGES, 3).get(0);
        info = new ModelInfo(CONFIG, List.of("a", "b", "c", "d", "e", "f", "g", "h", "i", "j"), "client 1", "psl", 12,
                "abc123", 7, "/runs/x");
        exported = tmp.resolve("model");
        ModelDirectory.write(exported, info, head, body, tail, false);
    }

    /** Seeded initial weights, spread out (×10) so that random images get varied predictions. */
    private static ParameterVector spread(ModelPart part, OptimizerConfig optim) {
        try (TrainablePart p = new TrainablePart(part, CONFIG, optim, Device.cpu(), 11)) {
            ParameterVector v = p.parameters();
            float[] values = v.values().clone();
            for (int i = 0; i < values.length; i++) {
                values[i] *= 10;
            }
            return new ParameterVector(v.layout(), values);
        }
    }

    private static int[] inferenceModelPredictions() {
        return inferenceModelPredictions(SmashedTransform.IDENTITY);
    }

    /** What training's evaluation predicts, with {@code between} applied to the head's output. */
    private static int[] inferenceModelPredictions(SmashedTransform between) {
        int[] out = new int[IMAGES];
        try (InferenceModel reference = new InferenceModel(CONFIG, Device.cpu())) {
            reference.load(head, body, tail);
            reference.useTransform(between);
            for (int start = 0; start < IMAGES; start += BATCH) {
                int[] predicted = reference.predict(batch(start));
                System.arraycopy(predicted, 0, out, start, BATCH);
            }
        }
        return out;
    }

    private static ImageBatch batch(int start) {
        int[] idx = new int[BATCH];
        for (int i = 0; i < BATCH; i++) {
            idx[i] = start + i;
        }
        return data.batch(idx);
    }

    private static byte[] image(int i) {
        int n = CONFIG.imageValues();
        return Arrays.copyOfRange(data.pixels(), i * n, (i + 1) * n);
    }

    @Test
    void criteriaAsDocumentedPredictsTheInferenceModelsClasses() throws Exception {
        ModelInfo read = ModelDirectory.readInfo(exported);
        Criteria<byte[], Classifications> criteria = Criteria.builder()
                .setTypes(byte[].class, Classifications.class)
                .optModelPath(exported)
                .optModelName(ModelDirectory.MODEL_NAME)
                .optBlock(read.block())
                .optTranslator(new ViTClassifierTranslator(read))
                .optEngine("PyTorch")
                .build();
        int[] predicted = new int[IMAGES];
        try (ZooModel<byte[], Classifications> model = criteria.loadModel();
                Predictor<byte[], Classifications> predictor = model.newPredictor()) {
            for (int start = 0; start < IMAGES; start += BATCH) {
                List<byte[]> inputs = new ArrayList<>();
                for (int i = 0; i < BATCH; i++) {
                    inputs.add(image(start + i));
                }
                List<Classifications> results = predictor.batchPredict(inputs);
                for (int i = 0; i < BATCH; i++) {
                    Classifications c = results.get(i);
                    predicted[start + i] = ViTClassifierTranslator.predictedClass(c);
                    assertEquals(info.classNames().get(predicted[start + i]), c.best().getClassName());
                    double sum = c.getProbabilities().stream().mapToDouble(Double::doubleValue).sum();
                    assertEquals(1.0, sum, 1e-9);
                }
            }
        }
        int[] expected = inferenceModelPredictions();
        assertArrayEquals(expected, predicted);
        Set<Integer> distinct = new HashSet<>();
        for (int p : expected) {
            distinct.add(p);
        }
        assertTrue(distinct.size() >= 3, "the test needs varied predictions, got classes " + distinct);
    }

    @Test
    void aClippedModelPredictsAsEvaluationBehindTheSameClip() throws Exception {
        // A norm far below the head's token norms, so that the clip changes predictions and the test can tell.
        DpClip clip = new DpClip(ClipUnit.TOKEN, 0.05f);
        ModelInfo clipped = new ModelInfo(CONFIG, info.classNames(), ModelInfo.GLOBAL_HEAD, "dp-cutmixsl", 12, "abc123",
                7, "/runs/dp", clip);
        Path dir = tmp.resolve("model-clipped");
        ModelDirectory.write(dir, clipped, head, body, tail, false);
        assertEquals(clipped, ModelDirectory.readInfo(dir));
        assertNull(info.clip(), "a model without a clip says none");
        int[] predicted = new int[IMAGES];
        try (ZooModel<byte[], Classifications> model = ModelDirectory.criteria(dir, Device.cpu()).loadModel();
                Predictor<byte[], Classifications> predictor = model.newPredictor()) {
            for (int i = 0; i < IMAGES; i++) {
                predicted[i] = ViTClassifierTranslator.predictedClass(predictor.predict(image(i)));
            }
        }
        assertArrayEquals(inferenceModelPredictions(clip), predicted);
        assertFalse(Arrays.equals(inferenceModelPredictions(), predicted), "the clip should change some predictions");
    }

    @Test
    void aMalformedClipNamesTheKey() throws Exception {
        Path dir = Files.createDirectories(tmp.resolve("malformed-clip"));
        Files.writeString(dir.resolve(ModelDirectory.INFO_FILE),
                Files.readString(exported.resolve(ModelDirectory.INFO_FILE)) + "clip.unit = sideways\nclip.norm = 1\n");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ModelDirectory.readInfo(dir));
        assertTrue(e.getMessage().endsWith("clip.unit = sideways: expected token or image"), e.getMessage());
        Files.writeString(dir.resolve(ModelDirectory.INFO_FILE),
                Files.readString(exported.resolve(ModelDirectory.INFO_FILE)) + "clip.unit = token\nclip.norm = -2\n");
        e = assertThrows(IllegalArgumentException.class, () -> ModelDirectory.readInfo(dir));
        assertTrue(e.getMessage().endsWith("clip.norm = -2.0: expected a positive number"), e.getMessage());
    }

    @Test
    void parametersRoundTripThroughTheDjlFile() throws Exception {
        try (ZooModel<byte[], Classifications> model = ModelDirectory.load(exported, Device.cpu())) {
            VisionTransformer vit = (VisionTransformer) model.getBlock();
            assertArrayEquals(head.values(), ParameterVector.of(vit.head()).values());
            assertArrayEquals(body.values(), ParameterVector.of(vit.body()).values());
            assertArrayEquals(tail.values(), ParameterVector.of(vit.tail()).values());
            assertEquals("client 1", model.getProperty("head"));
        }
    }

    @Test
    void descriptionRoundTrips() {
        assertEquals(info, ModelDirectory.readInfo(exported));
        assertTrue(Files.exists(exported.resolve("vit-0000.params")));
    }

    @Test
    void imageTranslatorFeedsTheSamePixels() throws Exception {
        int n = 8;
        List<Image> images = new ArrayList<>();
        // DJL cannot make a one-channel Image from an NDArray ("Grayscale image is not supported"): a gray AWT image.
        for (int i = 0; i < n; i++) {
            BufferedImage gray = new BufferedImage(CONFIG.imageWidth(), CONFIG.imageHeight(), BufferedImage.TYPE_BYTE_GRAY);
            byte[] pixels = image(i);
            int[] values = new int[pixels.length];
            for (int j = 0; j < pixels.length; j++) {
                values[j] = pixels[j] & 0xFF;
            }
            gray.getRaster().setPixels(0, 0, CONFIG.imageWidth(), CONFIG.imageHeight(), values);
            images.add(ImageFactory.getInstance().fromImage(gray));
        }
        try (NDManager manager = NDManager.newBaseManager()) {
            try (NDArray back = images.get(0).toNDArray(manager, Image.Flag.GRAYSCALE)) {
                assertArrayEquals(image(0), back.toByteArray(), "DJL's image round trip changed the pixels");
            }
        }
        try (ZooModel<Image, Classifications> model = ModelDirectory.imageCriteria(exported, Device.cpu()).loadModel();
                Predictor<Image, Classifications> predictor = model.newPredictor()) {
            List<Classifications> results = predictor.batchPredict(images);
            int[] fromImages = new int[n];
            for (int i = 0; i < n; i++) {
                fromImages[i] = ViTClassifierTranslator.predictedClass(results.get(i));
            }
            assertArrayEquals(Arrays.copyOf(inferenceModelPredictions(), n), fromImages);
        }
    }

    @Test
    void anImageOfTheWrongSizeIsRefused() throws Exception {
        try (ZooModel<byte[], Classifications> model = ModelDirectory.load(exported, Device.cpu());
                Predictor<byte[], Classifications> predictor = model.newPredictor()) {
            TranslateException e = assertThrows(TranslateException.class, () -> predictor.predict(new byte[100]));
            assertTrue(String.valueOf(e.getMessage()).contains("the model expects uint8 HWC images of 28x28x1 = 784 bytes")
                    || String.valueOf(e.getCause()).contains("the model expects uint8 HWC images of 28x28x1 = 784 bytes"),
                    String.valueOf(e));
        }
    }

    @Test
    void aFolderWithoutDescriptionIsNotAModel() throws Exception {
        Path empty = Files.createDirectories(tmp.resolve("empty"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ModelDirectory.readInfo(empty));
        assertTrue(e.getMessage().contains("is not a model directory: vit.properties is missing"), e.getMessage());
    }

    @Test
    void aDescriptionWithoutInputScalingIsTheEarlierMinusOneOne() throws Exception {
        Path dir = Files.createDirectories(tmp.resolve("earlier"));
        StringBuilder kept = new StringBuilder();
        for (String line : Files.readAllLines(exported.resolve(ModelDirectory.INFO_FILE))) {
            if (!line.startsWith("input.")) {
                kept.append(line).append('\n');
            }
        }
        Files.writeString(dir.resolve(ModelDirectory.INFO_FILE), kept);
        assertEquals(PixelScaling.minusOneOne(1), ModelDirectory.readInfo(dir).config().input());
        assertEquals(CONFIG.input(), ModelDirectory.readInfo(exported).config().input());
    }

    @Test
    void aMalformedDescriptionNamesTheKey() throws Exception {
        Path dir = Files.createDirectories(tmp.resolve("malformed"));
        String text = Files.readString(exported.resolve(ModelDirectory.INFO_FILE)).replace("model.width = 64",
                "model.width = wide");
        Files.writeString(dir.resolve(ModelDirectory.INFO_FILE), text);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ModelDirectory.readInfo(dir));
        assertTrue(e.getMessage().endsWith("model.width = wide: expected an integer"), e.getMessage());
    }

    @Test
    void anExistingExportIsReplacedOnlyWhenAsked() throws Exception {
        Path again = tmp.resolve("again");
        ModelDirectory.write(again, info, head, body, tail, false);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ModelDirectory.write(again, info, head, body, tail, false));
        assertTrue(e.getMessage().endsWith("already exists and is not empty"), e.getMessage());
        ModelDirectory.write(again, info, head, body, tail, true);
        assertEquals(info, ModelDirectory.readInfo(again));
        try (var entries = Files.list(tmp)) {
            assertTrue(entries.noneMatch(p -> p.getFileName().toString().contains(".tmp-")), "temporary folder left");
        }
    }

    @Test
    void aFolderThatIsNotAModelIsNeverReplaced() throws Exception {
        Path other = Files.createDirectories(tmp.resolve("other"));
        Files.writeString(other.resolve("notes.txt"), "mine");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ModelDirectory.write(other, info, head, body, tail, true));
        assertTrue(e.getMessage().contains("it is not a model directory, so it is not replaced"), e.getMessage());
        assertEquals("mine", Files.readString(other.resolve("notes.txt")));
    }

    @Test
    void parametersOfAnotherShapeAreRefused() {
        ModelInfo wide = new ModelInfo(ViTConfig.preset("cifar-lite"), ModelInfo.indexNames(10), "global", "sfl", 1,
                "h", 1, "/r");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ModelDirectory.write(tmp.resolve("wide"), wide, head, body, tail, false));
        assertTrue(e.getMessage().contains("parameter vector does not fit this block"), e.getMessage());
        assertTrue(Files.notExists(tmp.resolve("wide")));
    }

    @Test
    void probabilitiesKeepTheOrderOfNearlyEqualLogits() {
        float a = 3.0f;
        float b = Math.nextUp(a);
        Classifications c = ViTClassifierTranslator.classify(new float[] {a, b, -1f}, ModelInfo.indexNames(3));
        assertEquals(1, ViTClassifierTranslator.predictedClass(c));
        assertEquals("1", c.best().getClassName());
        Classifications tie = ViTClassifierTranslator.classify(new float[] {-2f, 5f, 5f}, ModelInfo.indexNames(3));
        assertEquals(1, ViTClassifierTranslator.predictedClass(tie), "ties go to the first, as argmax");
        assertEquals("1", tie.best().getClassName());
    }
}
