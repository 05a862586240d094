package org.cutmixsl.data.dataset;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.cutmixsl.data.source.DatasetKind;
import org.cutmixsl.data.source.SourceFile;

/**
 * The content of a prepared dataset's {@code manifest.json}: what was prepared from what (the {@link Recipe}),
 * the image shape and classes, the row counts of each split, each client's sample count and the training files'
 * client ranges. Written last, so a directory with a complete manifest is a complete dataset. Its JSON holds no
 * time stamps or absolute paths: preparing the same recipe twice writes the same bytes.
 */
public final class Manifest {

    /** The format this build writes and reads; a change of layout or columns raises it. */
    public static final int FORMAT_VERSION = 1;
    /** Marks the JSON as ours. */
    public static final String FORMAT_NAME = "cutmixsl-prepared-dataset";
    /** Directory of the training split. */
    public static final String TRAIN_DIR = "train";
    /** Directory of the test split. */
    public static final String TEST_DIR = "test";
    /** Directory of the server holdout, present only when it is not empty. */
    public static final String HOLDOUT_DIR = "holdout";
    /** Directory of the validation split, present only when it is not empty. */
    public static final String VALIDATION_DIR = "validation";

    /** The object holding how the training samples were shared among clients. */
    static final String SHARES = "shares";
    /** Its name in manifests written before it was renamed; still read. */
    static final String LEGACY_SHARES = "partition";

    private static final ObjectMapper JSON = new ObjectMapper();

    private final DatasetKind kind;
    private final int height;
    private final int width;
    private final int channels;
    private final List<String> classNames;
    private final Recipe recipe;
    private final long trainRows;
    private final long testRows;
    private final long holdoutRows;
    private final long validationRows;
    private final int[] clientSampleCounts;
    private final List<ClientRangeFile> trainFiles;

    /**
     * @param kind the dataset
     * @param recipe what it was prepared from
     * @param trainRows rows of the training split
     * @param testRows rows of the test split
     * @param holdoutRows rows of the server holdout
     * @param validationRows rows of the validation split
     * @param clientSampleCounts samples per client, indexed by client id
     * @param trainFiles the training split's files and their client ranges
     */
    public Manifest(DatasetKind kind, Recipe recipe, long trainRows, long testRows, long holdoutRows,
                    long validationRows, int[] clientSampleCounts, List<ClientRangeFile> trainFiles) {
        this(kind, kind.height(), kind.width(), kind.channels(), kind.classNames(), recipe, trainRows, testRows,
                holdoutRows, validationRows, clientSampleCounts, trainFiles);
    }

    private Manifest(DatasetKind kind, int height, int width, int channels, List<String> classNames, Recipe recipe,
                     long trainRows, long testRows, long holdoutRows, long validationRows, int[] clientSampleCounts,
                     List<ClientRangeFile> trainFiles) {
        this.kind = kind;
        this.height = height;
        this.width = width;
        this.channels = channels;
        this.classNames = List.copyOf(classNames);
        this.recipe = recipe;
        this.trainRows = trainRows;
        this.testRows = testRows;
        this.holdoutRows = holdoutRows;
        this.validationRows = validationRows;
        this.clientSampleCounts = clientSampleCounts.clone();
        this.trainFiles = List.copyOf(trainFiles);
    }

    /** @return the dataset */
    public DatasetKind kind() {
        return kind;
    }

    /** @return image height in pixels */
    public int height() {
        return height;
    }

    /** @return image width in pixels */
    public int width() {
        return width;
    }

    /** @return channels per pixel */
    public int channels() {
        return channels;
    }

    /** @return class names, indexed by label */
    public List<String> classNames() {
        return classNames;
    }

    /** @return number of classes */
    public int numClasses() {
        return classNames.size();
    }

    /** @return what the dataset was prepared from */
    public Recipe recipe() {
        return recipe;
    }

    /** @return rows of the training split */
    public long trainRows() {
        return trainRows;
    }

    /** @return rows of the test split */
    public long testRows() {
        return testRows;
    }

    /** @return rows of the server holdout (0 when there is none) */
    public long holdoutRows() {
        return holdoutRows;
    }

    /** @return rows of the validation split (0 when there is none) */
    public long validationRows() {
        return validationRows;
    }

    /** @return samples per client, indexed by client id (a copy) */
    public int[] clientSampleCounts() {
        return clientSampleCounts.clone();
    }

    /** @return the training split's files and their client ranges */
    public List<ClientRangeFile> trainFiles() {
        return trainFiles;
    }

    /** @return the manifest as pretty-printed JSON, ending in a newline */
    public String toJson() {
        ObjectNode root = JSON.createObjectNode();
        root.put("format", FORMAT_NAME);
        root.put("formatVersion", FORMAT_VERSION);
        root.put("dataset", kind.cliName());
        ObjectNode image = root.putObject("image");
        image.put("height", height);
        image.put("width", width);
        image.put("channels", channels);
        image.put("layout", "HWC");
        image.put("dtype", "uint8");
        root.put("numClasses", classNames.size());
        ArrayNode names = root.putArray("classNames");
        classNames.forEach(names::add);
        root.put("seed", recipe.seed());

        ObjectNode shares = root.putObject(SHARES);
        shares.put("scheme", recipe.scheme());
        shares.put("clients", recipe.clients());
        if (recipe.beta() != null) {
            shares.put("beta", recipe.beta());
        }
        if (recipe.shardsPerClient() != null) {
            shares.put("shardsPerClient", recipe.shardsPerClient());
        }
        shares.put("minSamples", recipe.minSamples());
        shares.put("serverHoldout", recipe.serverHoldout());
        shares.put("validation", recipe.validation());

        ArrayNode sources = root.putArray("sourceFiles");
        for (SourceFile file : recipe.sourceFiles()) {
            ObjectNode node = sources.addObject();
            node.put("split", file.split());
            node.put("name", file.name());
            node.put("bytes", file.bytes());
            node.put("sha256", file.sha256());
        }

        ObjectNode rows = root.putObject("rows");
        rows.put("train", trainRows);
        rows.put("test", testRows);
        rows.put("holdout", holdoutRows);
        rows.put("validation", validationRows);
        ObjectNode splits = root.putObject("splits");
        splits.put("train", TRAIN_DIR);
        splits.put("test", TEST_DIR);
        if (holdoutRows > 0) {
            splits.put("holdout", HOLDOUT_DIR);
        }
        if (validationRows > 0) {
            splits.put("validation", VALIDATION_DIR);
        }
        ArrayNode columns = root.putArray("columns");
        columns.add("client_id int").add("sample_id long").add("label int").add("image binary");

        int[] sorted = clientSampleCounts.clone();
        Arrays.sort(sorted);
        ObjectNode summary = root.putObject("clientSamples");
        summary.put("min", sorted.length == 0 ? 0 : sorted[0]);
        summary.put("median", sorted.length == 0 ? 0 : sorted[sorted.length / 2]);
        summary.put("max", sorted.length == 0 ? 0 : sorted[sorted.length - 1]);
        summary.put("mean", sorted.length == 0 ? 0 : Math.round(10.0 * trainRows / sorted.length) / 10.0);
        ArrayNode counts = root.putArray("clientSampleCounts");
        for (int count : clientSampleCounts) {
            counts.add(count);
        }
        ArrayNode files = root.putArray("trainFiles");
        for (ClientRangeFile file : trainFiles) {
            ObjectNode node = files.addObject();
            node.put("file", file.file());
            node.put("firstClient", file.firstClient());
            node.put("lastClient", file.lastClient());
            node.put("rows", file.rows());
        }
        try {
            return JSON.writerWithDefaultPrettyPrinter().writeValueAsString(root) + "\n";
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write the manifest as JSON", e);
        }
    }

    /**
     * Reads a manifest.
     *
     * @param json the file's bytes
     * @param where the file's path, for messages
     * @return the manifest
     * @throws InvalidDatasetException if the JSON is malformed, of another format version, or lacks a field
     */
    public static Manifest parse(byte[] json, String where) {
        JsonNode root;
        try {
            root = JSON.readTree(json);
        } catch (JsonProcessingException e) {
            throw new InvalidDatasetException(where + ": not valid JSON (" + e.getOriginalMessage() + ")", e);
        } catch (IOException e) {
            throw new InvalidDatasetException(where + ": cannot be read: " + e.getMessage(), e);
        }
        if (root == null || !root.isObject() || !FORMAT_NAME.equals(root.path("format").asText())) {
            throw new InvalidDatasetException(where + ": not a CutMixSL dataset manifest (no \"format\": \""
                    + FORMAT_NAME + "\")");
        }
        int version = requireInt(root, "formatVersion", where);
        if (version != FORMAT_VERSION) {
            throw new InvalidDatasetException(where + ": format version " + version + ", but this build reads version "
                    + FORMAT_VERSION + "; prepare the dataset again with --overwrite");
        }
        DatasetKind kind;
        try {
            kind = DatasetKind.fromName(requireText(root, "dataset", where));
        } catch (IllegalArgumentException e) {
            throw new InvalidDatasetException(where + ": " + e.getMessage(), e);
        }
        JsonNode image = root.path("image");
        int height = requireInt(image, "height", where);
        int width = requireInt(image, "width", where);
        int channels = requireInt(image, "channels", where);
        List<String> classNames = new ArrayList<>();
        for (JsonNode name : requireArray(root, "classNames", where)) {
            classNames.add(name.asText());
        }
        if (classNames.size() != requireInt(root, "numClasses", where)) {
            throw new InvalidDatasetException(where + ": numClasses disagrees with the class names");
        }

        // Datasets prepared before the rename hold the same fields under "partition"; they stay readable, and
        // stay recognised as prepared with the same options.
        JsonNode shares = root.has(SHARES) ? root.path(SHARES) : root.path(LEGACY_SHARES);
        List<SourceFile> sources = new ArrayList<>();
        for (JsonNode file : requireArray(root, "sourceFiles", where)) {
            sources.add(new SourceFile(requireText(file, "split", where), requireText(file, "name", where),
                    requireLong(file, "bytes", where), requireText(file, "sha256", where)));
        }
        Recipe recipe = new Recipe(kind.cliName(), requireText(shares, "scheme", where),
                requireInt(shares, "clients", where),
                shares.has("beta") ? shares.get("beta").doubleValue() : null,
                shares.has("shardsPerClient") ? shares.get("shardsPerClient").intValue() : null,
                requireInt(shares, "minSamples", where), requireInt(shares, "serverHoldout", where),
                optionalInt(shares, "validation", 0, where), requireLong(root, "seed", where), sources);

        JsonNode rows = root.path("rows");
        JsonNode countsNode = requireArray(root, "clientSampleCounts", where);
        int[] counts = new int[countsNode.size()];
        for (int c = 0; c < counts.length; c++) {
            counts[c] = countsNode.get(c).intValue();
        }
        List<ClientRangeFile> files = new ArrayList<>();
        for (JsonNode file : requireArray(root, "trainFiles", where)) {
            files.add(new ClientRangeFile(requireText(file, "file", where), requireInt(file, "firstClient", where),
                    requireInt(file, "lastClient", where), requireLong(file, "rows", where)));
        }
        return new Manifest(kind, height, width, channels, classNames, recipe, requireLong(rows, "train", where),
                requireLong(rows, "test", where), requireLong(rows, "holdout", where),
                optionalLong(rows, "validation", 0, where), counts, files);
    }

    /** A field that datasets prepared before it existed lack: absent means {@code absent}. */
    private static int optionalInt(JsonNode node, String field, int absent, String where) {
        return node.has(field) ? requireInt(node, field, where) : absent;
    }

    private static long optionalLong(JsonNode node, String field, long absent, String where) {
        return node.has(field) ? requireLong(node, field, where) : absent;
    }

    private static int requireInt(JsonNode node, String field, String where) {
        JsonNode value = node.get(field);
        if (value == null || !value.canConvertToInt()) {
            throw missing(field, where);
        }
        return value.intValue();
    }

    private static long requireLong(JsonNode node, String field, String where) {
        JsonNode value = node.get(field);
        if (value == null || !value.canConvertToLong()) {
            throw missing(field, where);
        }
        return value.longValue();
    }

    private static String requireText(JsonNode node, String field, String where) {
        JsonNode value = node.get(field);
        if (value == null || !value.isTextual()) {
            throw missing(field, where);
        }
        return value.asText();
    }

    private static JsonNode requireArray(JsonNode node, String field, String where) {
        JsonNode value = node.get(field);
        if (value == null || !value.isArray()) {
            throw missing(field, where);
        }
        return value;
    }

    private static InvalidDatasetException missing(String field, String where) {
        return new InvalidDatasetException(where + ": field '" + field + "' is missing or of the wrong type");
    }
}
