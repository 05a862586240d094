package org.cutmixsl.model.export;

import ai.djl.Device;
import ai.djl.MalformedModelException;
import ai.djl.Model;
import ai.djl.modality.Classifications;
import ai.djl.modality.cv.Image;
import ai.djl.ndarray.types.DataType;
import ai.djl.repository.zoo.Criteria;
import ai.djl.repository.zoo.ModelNotFoundException;
import ai.djl.repository.zoo.ZooModel;
import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import java.util.stream.Stream;
import org.cutmixsl.common.io.FileTrees;
import org.cutmixsl.model.privacy.ClipUnit;
import org.cutmixsl.model.train.DpClip;
import org.cutmixsl.model.vit.ParameterVector;
import org.cutmixsl.model.vit.PixelScaling;
import org.cutmixsl.model.vit.ViTConfig;
import org.cutmixsl.model.vit.VisionTransformer;

/**
 * A trained ViT as a folder that DJL's {@link Criteria} loads:
 * <pre>
 *   vit-0000.params   DJL's parameter file of a {@link VisionTransformer} (head, body, tail), model name "vit"
 *   vit.properties    the model's shape, class names, which head, and the run's provenance ({@link ModelInfo})
 * </pre>
 * Loading needs the block, since a DJL parameter file holds values, not code:
 * <pre>{@code
 * ModelInfo info = ModelDirectory.readInfo(dir);
 * Criteria<byte[], Classifications> criteria = Criteria.builder()
 *         .setTypes(byte[].class, Classifications.class)
 *         .optModelPath(dir)
 *         .optModelName(ModelDirectory.MODEL_NAME)
 *         .optBlock(info.block())
 *         .optTranslator(new ViTClassifierTranslator(info))
 *         .optEngine("PyTorch")
 *         .build();
 * }</pre>
 * which is what {@link #criteria(Path, Device)} builds.
 */
public final class ModelDirectory {

    /** DJL's model name: the parameter file is {@code vit-0000.params}. */
    public static final String MODEL_NAME = "vit";
    /** The description file. */
    public static final String INFO_FILE = "vit.properties";
    /** The format written into the description file, checked when it is read. */
    public static final String FORMAT = "cutmixsl-vit/1";

    private ModelDirectory() {}

    /**
     * Writes a model directory: into a temporary sibling first, then moved into place, so a failed export leaves no
     * half-written model behind.
     *
     * @param dir the directory to create
     * @param info the description
     * @param head head parameters
     * @param body body parameters
     * @param tail tail parameters
     * @param overwrite replace an existing model directory (never a folder that is not one)
     * @throws IllegalArgumentException when {@code dir} exists and may not be replaced, or a vector does not fit
     */
    public static void write(Path dir, ModelInfo info, ParameterVector head, ParameterVector body, ParameterVector tail,
                             boolean overwrite) {
        Path target = dir.toAbsolutePath().normalize();
        checkReplaceable(target, overwrite);
        Path tmp = target.resolveSibling("." + target.getFileName() + ".tmp-" + ProcessHandle.current().pid());
        try {
            FileTrees.deleteRecursively(tmp);
            Files.createDirectories(tmp);
            try (Model model = Model.newInstance(MODEL_NAME, Device.cpu(), "PyTorch")) {
                VisionTransformer vit = info.block();
                model.setBlock(vit);
                vit.initialize(model.getNDManager(), DataType.FLOAT32, vit.head().inputShape(1));
                head.loadInto(vit.head());
                body.loadInto(vit.body());
                tail.loadInto(vit.tail());
                model.setProperty("Epoch", "0");
                model.setProperty("head", info.head());
                model.setProperty("configHash", info.configHash());
                model.save(tmp, MODEL_NAME);
            }
            Files.writeString(tmp.resolve(INFO_FILE), render(info), StandardCharsets.UTF_8);
            if (Files.exists(target)) {
                FileTrees.deleteRecursively(target);
            }
            Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the model directory " + target + ": " + e.getMessage(), e);
        } finally {
            try {
                FileTrees.deleteRecursively(tmp);
            } catch (IOException e) {
                // the export itself succeeded or already failed with its own message
            }
        }
    }

    /**
     * @param dir a model directory
     * @return its description
     * @throws IllegalArgumentException naming the file and the key when it is missing or malformed
     */
    public static ModelInfo readInfo(Path dir) {
        Path file = dir.resolve(INFO_FILE);
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException(dir + " is not a model directory: " + INFO_FILE
                    + " is missing (write one with bin/cutmixsl export)");
        }
        Properties p = new Properties();
        try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            p.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
        }
        String format = p.getProperty("format");
        if (!FORMAT.equals(format)) {
            throw new IllegalArgumentException(file + ": format = " + format + ", expected " + FORMAT);
        }
        try {
            ViTConfig config = new ViTConfig(
                    text(p, file, "model.preset"),
                    integer(p, file, "model.imageHeight"),
                    integer(p, file, "model.imageWidth"),
                    integer(p, file, "model.channels"),
                    integer(p, file, "model.patchSize"),
                    integer(p, file, "model.width"),
                    integer(p, file, "model.depth"),
                    integer(p, file, "model.heads"),
                    integer(p, file, "model.mlpRatio"),
                    (float) number(p, file, "model.dropout"),
                    integer(p, file, "model.classes"),
                    integer(p, file, "head.blocks"),
                    inputScaling(p, file, integer(p, file, "model.channels")));
            List<String> names = new ArrayList<>();
            for (int i = 0; i < config.classes(); i++) {
                names.add(text(p, file, "class." + i));
            }
            return new ModelInfo(config, names, text(p, file, "head"), text(p, file, "run.method"),
                    integer(p, file, "run.round"), text(p, file, "run.configHash"),
                    Long.parseLong(text(p, file, "run.seed")), text(p, file, "run.source"), clip(p, file));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(file + ": " + e.getMessage(), e);
        }
    }

    /**
     * Criteria for images as uint8 HWC bytes.
     *
     * @param dir a model directory
     * @param device where to compute, or null for the engine's default
     * @return criteria that load the model with its block and {@link ViTClassifierTranslator}
     */
    public static Criteria<byte[], Classifications> criteria(Path dir, Device device) {
        ModelInfo info = readInfo(dir);
        return Criteria.builder()
                .setTypes(byte[].class, Classifications.class)
                .optModelPath(dir)
                .optModelName(MODEL_NAME)
                .optBlock(info.block())
                .optTranslator(new ViTClassifierTranslator(info))
                .optEngine("PyTorch")
                .optDevice(device)
                .build();
    }

    /**
     * Criteria for DJL {@link Image}s.
     *
     * @param dir a model directory
     * @param device where to compute, or null for the engine's default
     * @return criteria that load the model with its block and {@link ViTImageTranslator}
     */
    public static Criteria<Image, Classifications> imageCriteria(Path dir, Device device) {
        ModelInfo info = readInfo(dir);
        return Criteria.builder()
                .setTypes(Image.class, Classifications.class)
                .optModelPath(dir)
                .optModelName(MODEL_NAME)
                .optBlock(info.block())
                .optTranslator(new ViTImageTranslator(info))
                .optEngine("PyTorch")
                .optDevice(device)
                .build();
    }

    /**
     * @param dir a model directory
     * @param device where it computes
     * @return the loaded model, for uint8 HWC images
     */
    public static ZooModel<byte[], Classifications> load(Path dir, Device device) {
        try {
            return criteria(dir, device).loadModel();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot load the model in " + dir + ": " + e.getMessage(), e);
        } catch (ModelNotFoundException | MalformedModelException e) {
            throw new IllegalArgumentException("cannot load the model in " + dir + ": " + e.getMessage(), e);
        }
    }

    private static void checkReplaceable(Path target, boolean overwrite) {
        if (!Files.exists(target)) {
            return;
        }
        if (!Files.isDirectory(target)) {
            throw new IllegalArgumentException(target + " exists and is not a directory");
        }
        boolean empty;
        try (Stream<Path> entries = Files.list(target)) {
            empty = entries.findAny().isEmpty();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (empty) {
            return;
        }
        if (!overwrite) {
            throw new IllegalArgumentException(target + " already exists and is not empty");
        }
        if (!Files.isRegularFile(target.resolve(INFO_FILE))) {
            throw new IllegalArgumentException(target + " is not empty and holds no " + INFO_FILE
                    + ": it is not a model directory, so it is not replaced");
        }
    }

    private static String render(ModelInfo info) {
        ViTConfig c = info.config();
        StringBuilder s = new StringBuilder();
        s.append("# A ViT exported by CutMixSL on Spark. Parameters: ").append(MODEL_NAME)
                .append("-0000.params (DJL), loaded with\n")
                .append("# org.cutmixsl.model.export.ModelDirectory.criteria(dir, device), or DJL's Criteria with\n")
                .append("# optModelName(\"").append(MODEL_NAME).append("\"), optBlock(ModelDirectory.readInfo(dir).block())")
                .append(" and a ViTClassifierTranslator.\n");
        line(s, "format", FORMAT);
        line(s, "model.preset", c.name());
        line(s, "model.imageHeight", c.imageHeight());
        line(s, "model.imageWidth", c.imageWidth());
        line(s, "model.channels", c.channels());
        line(s, "model.patchSize", c.patchSize());
        line(s, "model.width", c.width());
        line(s, "model.depth", c.depth());
        line(s, "model.heads", c.heads());
        line(s, "model.mlpRatio", c.mlpRatio());
        line(s, "model.dropout", c.dropout());
        line(s, "model.classes", c.classes());
        line(s, "head.blocks", c.headBlocks());
        s.append("# input: uint8 images, HWC, channel c scaled as (p/255 - input.mean[c]) / input.std[c];")
                .append(" output: one logit per class\n");
        line(s, "input.mean", floats(c.input().mean()));
        line(s, "input.std", floats(c.input().std()));
        for (int i = 0; i < info.classNames().size(); i++) {
            line(s, "class." + i, info.classNames().get(i));
        }
        if (info.clip() != null) {
            s.append("# between head and body, as in training: the head's output clipped to L2 norm clip.norm per ")
                    .append("token or per image (clip.unit)\n");
            line(s, "clip.unit", info.clip().unit().configName());
            line(s, "clip.norm", info.clip().clipNorm());
        }
        s.append("# which client head: global (averaged or handed on) or client K (that client's own)\n");
        line(s, "head", info.head());
        line(s, "run.method", info.method());
        line(s, "run.round", info.round());
        line(s, "run.configHash", info.configHash());
        line(s, "run.seed", info.seed());
        line(s, "run.source", info.source());
        return s.toString();
    }

    private static void line(StringBuilder s, String key, Object value) {
        s.append(key).append(" = ").append(escape(String.valueOf(value))).append('\n');
    }

    /** Escapes a value for {@link Properties#load(Reader)}: backslashes, line breaks, a leading blank. */
    private static String escape(String value) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < value.length(); i++) {
            char ch = value.charAt(i);
            switch (ch) {
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                case ' ' -> out.append(i == 0 ? "\\ " : " ");
                default -> out.append(ch);
            }
        }
        return out.toString();
    }

    /** The clip between head and body, or null when the file names none (as every export before it did). */
    private static DpClip clip(Properties p, Path file) {
        if (p.getProperty("clip.unit") == null && p.getProperty("clip.norm") == null) {
            return null;
        }
        ClipUnit unit = ClipUnit.parse(file + ": clip.unit", text(p, file, "clip.unit"));
        double norm = number(p, file, "clip.norm");
        if (!(norm > 0 && norm < Float.MAX_VALUE)) {
            throw new IllegalArgumentException(file + ": clip.norm = " + norm + ": expected a positive number");
        }
        return new DpClip(unit, (float) norm);
    }

    private static String text(Properties p, Path file, String key) {
        String v = p.getProperty(key);
        if (v == null) {
            throw new IllegalArgumentException(file + ": the key " + key + " is missing");
        }
        return v;
    }

    private static int integer(Properties p, Path file, String key) {
        String v = text(p, file, key).trim();
        try {
            return Integer.parseInt(v);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(String.format(Locale.ROOT, "%s: %s = %s: expected an integer", file, key, v));
        }
    }

    /** Models exported before the input scaling was recorded were trained on [−1, 1]. */
    private static PixelScaling inputScaling(Properties p, Path file, int channels) {
        if (p.getProperty("input.mean") == null && p.getProperty("input.std") == null) {
            return PixelScaling.minusOneOne(channels);
        }
        try {
            return new PixelScaling(floatList(p, file, "input.mean"), floatList(p, file, "input.std"));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(file + ": input.mean / input.std: " + e.getMessage(), e);
        }
    }

    private static float[] floatList(Properties p, Path file, String key) {
        String[] parts = text(p, file, key).trim().split("\\s*,\\s*");
        float[] values = new float[parts.length];
        for (int i = 0; i < parts.length; i++) {
            try {
                values[i] = Float.parseFloat(parts[i]);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(String.format(Locale.ROOT,
                        "%s: %s = %s: expected numbers separated by commas", file, key, text(p, file, key)), e);
            }
        }
        return values;
    }

    private static String floats(float[] values) {
        StringBuilder s = new StringBuilder();
        for (float v : values) {
            s.append(s.length() == 0 ? "" : ",").append(Float.toString(v));
        }
        return s.toString();
    }

    private static double number(Properties p, Path file, String key) {
        String v = text(p, file, key).trim();
        try {
            return Double.parseDouble(v);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(String.format(Locale.ROOT, "%s: %s = %s: expected a number", file, key, v));
        }
    }

}
