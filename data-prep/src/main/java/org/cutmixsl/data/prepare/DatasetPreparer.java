package org.cutmixsl.data.prepare;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.UUID;
import javax.imageio.ImageIO;
import org.apache.spark.sql.SparkSession;
import org.cutmixsl.common.io.Location;
import org.cutmixsl.data.dataset.ClientRangeFile;
import org.cutmixsl.data.dataset.InvalidDatasetException;
import org.cutmixsl.data.dataset.Manifest;
import org.cutmixsl.data.dataset.PreparedDataset;
import org.cutmixsl.data.dataset.Recipe;
import org.cutmixsl.data.shares.ClientShares;
import org.cutmixsl.data.shares.ShareHeatmap;
import org.cutmixsl.data.shares.ShareScheme;
import org.cutmixsl.data.shares.ShareStats;
import org.cutmixsl.data.shares.ShareDrawer;
import org.cutmixsl.data.shares.StratifiedHoldout;
import org.cutmixsl.data.source.DatasetKind;
import org.cutmixsl.data.source.InvalidSourceException;
import org.cutmixsl.data.source.LabeledImages;
import org.cutmixsl.data.source.SourceFile;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Prepares a dataset: reads the source files, sets the server holdout and then the validation split aside (both
 * stratified by label, disjoint, held by no client), splits the rest among the clients,
 * and writes the splits, the per-client statistics and the manifest, on any Hadoop file system (the output is a
 * {@link Location}; the sources are local files). Everything goes into a temporary sibling of
 * the output directory, which is renamed into place only when complete; on any error the temporary directory is
 * removed and whatever was there before is left as it was. An existing dataset is replaced only when the options
 * say {@code overwrite}; without it, one prepared from the same recipe is returned as it is.
 */
public final class DatasetPreparer {

    private static final Logger LOG = LoggerFactory.getLogger(DatasetPreparer.class);

    private DatasetPreparer() {
    }

    /**
     * @param spark the session that writes the Parquet files
     * @param options what to prepare and where
     * @return the prepared dataset, read back from its manifest
     * @throws InvalidSourceException if the source directory or a source file is unreadable or malformed
     * @throws IllegalArgumentException if the split is impossible, or the output exists and may not be replaced
     */
    public static PreparedDataset prepare(SparkSession spark, PrepareOptions options) {
        return prepare(spark, options, ParquetSplitWriter.TARGET_ROWS_PER_FILE, () -> { });
    }

    /**
     * Whether preparing would change nothing: {@code options.out()} holds a complete dataset whose manifest
     * records these options and the same source files (sizes and SHA-256). Needs no Spark; reads the sources
     * once to fingerprint them.
     *
     * @param options what to prepare
     * @return true when the folder already holds exactly this dataset
     */
    public static boolean isPrepared(PrepareOptions options) {
        Location out = options.out();
        if (!out.resolve(PreparedDataset.MANIFEST).exists()) {
            return false;
        }
        requireReadableDirectory(options.source());
        List<SourceFile> fingerprints = new ArrayList<>();
        options.dataset().trainFiles(options.source()).forEach(f -> fingerprints.add(SourceFile.of("train", f)));
        options.dataset().testFiles(options.source()).forEach(f -> fingerprints.add(SourceFile.of("test", f)));
        try {
            return PreparedDataset.open(out.toString()).manifest().recipe().equals(recipe(options, fingerprints));
        } catch (InvalidDatasetException e) {
            return false;
        }
    }

    /**
     * As {@link #prepare(SparkSession, PrepareOptions)}, with the file size and a hook for tests.
     *
     * @param targetRowsPerFile rows per Parquet file to aim for
     * @param beforeMove runs when everything is written, just before the rename into place; a test throws from
     *     it to check that a late failure leaves nothing behind
     */
    static PreparedDataset prepare(SparkSession spark, PrepareOptions options, int targetRowsPerFile,
                                   Runnable beforeMove) {
        DatasetKind kind = options.dataset();
        Path source = options.source();
        requireReadableDirectory(source);
        List<Path> trainFiles = kind.trainFiles(source);
        List<Path> testFiles = kind.testFiles(source);
        List<SourceFile> fingerprints = new ArrayList<>();
        trainFiles.forEach(f -> fingerprints.add(SourceFile.of("train", f)));
        testFiles.forEach(f -> fingerprints.add(SourceFile.of("test", f)));
        Recipe recipe = recipe(options, fingerprints);

        Location out = options.out();
        PreparedDataset existing = existingOrNull(out, recipe, options.overwrite());
        if (existing != null) {
            LOG.info("{} already holds this dataset (same options and sources); nothing to do", out);
            return existing;
        }

        LOG.info("reading {} from {}", kind.cliName(), source);
        LabeledImages train = kind.readTrain(source);
        LabeledImages test = kind.readTest(source);
        requireNotEmpty(train, trainFiles.get(0));
        requireNotEmpty(test, testFiles.get(0));

        SplittableRandom seeds = new SplittableRandom(options.seed());
        long holdoutSeed = seeds.nextLong();
        long sharesSeed = seeds.nextLong();
        // Drawn after the others, so that a dataset without a validation split keeps the holdout and shares that
        // the same seed gave before the split existed.
        long validationSeed = seeds.nextLong();
        int[] labels = train.labels();
        if ((long) options.serverHoldout() + options.validation() > labels.length) {
            throw new IllegalArgumentException("--server-holdout " + options.serverHoldout() + " and --validation "
                    + options.validation() + " together exceed the " + labels.length + " training samples");
        }
        StratifiedHoldout holdout = StratifiedHoldout.select(labels, kind.numClasses(), options.serverHoldout(),
                holdoutSeed);
        int[] afterHoldout = holdout.remaining();
        StratifiedHoldout validationCut = StratifiedHoldout.select(holdout.remainingLabels(labels),
                kind.numClasses(), options.validation(), validationSeed);
        int[] validation = positions(afterHoldout, validationCut.holdout());
        int[] clientPool = positions(afterHoldout, validationCut.remaining());
        if ((long) options.clients() * options.minSamples() > clientPool.length) {
            throw new IllegalArgumentException("cannot give " + options.clients() + " clients " + options.minSamples()
                    + " samples each (--clients × --min-samples = " + (long) options.clients() * options.minSamples()
                    + "), but only " + clientPool.length + " training samples are available"
                    + (options.serverHoldout() > 0 ? " after the server holdout of " + options.serverHoldout() : "")
                    + (options.validation() > 0 ? " and the validation split of " + options.validation() : ""));
        }
        ShareDrawer drawer = options.drawer();
        LOG.info("splitting {} training samples among {} clients: {}, seed {}", clientPool.length,
                options.clients(), drawer.describe(), options.seed());
        ClientShares shares = drawer.draw(validationCut.remainingLabels(holdout.remainingLabels(labels)), kind.numClasses(), options.clients(), options.minSamples(),
                sharesSeed);

        Location tmp = out.parent().resolve("." + out.name() + ".tmp-" + UUID.randomUUID());
        try {
            tmp.mkdirs();
            write(spark, tmp, kind, recipe, train, test, holdout.holdout(), validation, clientPool, shares, drawer,
                    targetRowsPerFile);
            beforeMove.run();
            return moveIntoPlace(tmp, out, recipe);
        } catch (IOException e) {
            throw new UncheckedIOException("preparing " + out + " failed: " + e.getMessage(), e);
        } catch (UncheckedIOException e) {
            throw new UncheckedIOException("preparing " + out + " failed: " + e.getMessage(), e.getCause());
        } finally {
            deleteQuietly(tmp);
        }
    }

    private static Recipe recipe(PrepareOptions options, List<SourceFile> fingerprints) {
        return new Recipe(options.dataset().cliName(), options.shares().cliName(), options.clients(),
                options.shares() == ShareScheme.DIRICHLET ? options.beta() : null,
                options.shares() == ShareScheme.SHARDS ? options.shardsPerClient() : null,
                options.minSamples(), options.serverHoldout(), options.validation(), options.seed(), fingerprints);
    }

    private static void write(SparkSession spark, Location dir, DatasetKind kind, Recipe recipe, LabeledImages train,
                              LabeledImages test, int[] held, int[] validation, int[] clientPool, ClientShares shares,
                              ShareDrawer drawer, int targetRows) throws IOException {
        int trainRows = shares.samples();
        int[] rowSample = new int[trainRows];
        int[] rowClient = new int[trainRows];
        int row = 0;
        for (int c = 0; c < shares.clients(); c++) {
            // Each share holds ascending positions in the pool, and the pool is ascending sample ids,
            // so each client's rows come out sorted by sample_id.
            for (int member : shares.samplesOf(c)) {
                rowSample[row] = clientPool[member];
                rowClient[row] = c;
                row++;
            }
        }
        String what = kind.cliName() + " " + recipe.clients() + " clients";
        List<ClientRangeFile> trainFiles = ParquetSplitWriter.write(spark, train, rowSample, rowClient,
                targetRows, dir.resolve(Manifest.TRAIN_DIR), "prepare " + what + ": train split");
        ParquetSplitWriter.write(spark, test, identity(test.count()), filled(test.count(), -1), targetRows,
                dir.resolve(Manifest.TEST_DIR), "prepare " + what + ": test split");
        if (held.length > 0) {
            ParquetSplitWriter.write(spark, train, held, filled(held.length, -1), targetRows,
                    dir.resolve(Manifest.HOLDOUT_DIR), "prepare " + what + ": server holdout");
        }
        if (validation.length > 0) {
            ParquetSplitWriter.write(spark, train, validation, filled(validation.length, -1), targetRows,
                    dir.resolve(Manifest.VALIDATION_DIR), "prepare " + what + ": validation split");
        }

        int[][] counts = shares.classCounts();
        dir.resolve(PreparedDataset.STATS_CSV).writeText(ShareStats.toCsv(counts, kind.numClasses()));
        String title = kind.cliName() + ": " + recipe.clients() + " clients, " + drawer.describe()
                + ", seed " + recipe.seed();
        ByteArrayOutputStream png = new ByteArrayOutputStream();
        if (!ImageIO.write(ShareHeatmap.render(counts, kind.classNames(), title), "png", png)) {
            throw new IOException("this JVM has no PNG writer");
        }
        dir.resolve(PreparedDataset.HEATMAP_PNG).writeBytes(png.toByteArray());
        Manifest manifest = new Manifest(kind, recipe, trainRows, test.count(), held.length, validation.length,
                shares.sizes(), trainFiles);
        // Last: a manifest in place means everything it describes is complete.
        dir.resolve(PreparedDataset.MANIFEST).writeText(manifest.toJson());
    }

    /**
     * Renames the finished temporary directory to {@code out}. An existing {@code out} is first renamed aside, and
     * put back if the second rename fails, so that an error never loses it.
     */
    private static PreparedDataset moveIntoPlace(Location tmp, Location out, Recipe recipe) throws IOException {
        Location old = null;
        if (out.exists()) {
            old = out.parent().resolve("." + out.name() + ".old-" + UUID.randomUUID());
            if (!out.renameTo(old)) {
                throw new IOException("cannot move the old " + out + " aside to " + old);
            }
        }
        boolean moved;
        try {
            moved = tmp.renameTo(out);
        } catch (RuntimeException e) {
            restore(old, out);
            throw e;
        }
        if (!moved) {
            // Another preparation of the same directory finished first; if it made the same recipe, use it.
            restore(old, out);
            PreparedDataset other = existingOrNull(out, recipe, false);
            if (other != null) {
                return other;
            }
            throw new IOException("cannot rename " + tmp + " to " + out);
        }
        if (old != null) {
            deleteQuietly(old);
        }
        PreparedDataset prepared = PreparedDataset.open(out.toString());
        LOG.info("prepared {}: {} train rows over {} clients, {} test rows, {} holdout rows, {} validation rows", out,
                prepared.trainRows(), prepared.clients(), prepared.testRows(), prepared.holdoutRows(),
                prepared.validationRows());
        return prepared;
    }

    private static void restore(Location old, Location out) {
        if (old != null && !out.exists()) {
            old.renameTo(out);
        }
    }

    /**
     * Looks at what {@code out} holds now.
     *
     * @return the existing dataset if it was made from the same recipe and may be kept; {@code null} if {@code out}
     *     is absent, an empty directory, or may be replaced
     * @throws IllegalArgumentException if it holds something else and {@code overwrite} is off
     */
    private static PreparedDataset existingOrNull(Location out, Recipe recipe, boolean overwrite) {
        if (!out.exists()) {
            return null;
        }
        if (overwrite) {
            if (!out.isDirectory()) {
                throw new IllegalArgumentException("--out " + out + " is a file, not a directory; remove it first");
            }
            return null;
        }
        if (out.isDirectory() && out.list().isEmpty()) {
            return null;
        }
        PreparedDataset existing;
        try {
            existing = PreparedDataset.open(out.toString());
        } catch (InvalidDatasetException e) {
            throw new IllegalArgumentException("--out " + out + " exists and is not a complete prepared dataset ("
                    + e.getMessage() + "); pass --overwrite to replace it", e);
        }
        if (!existing.manifest().recipe().equals(recipe)) {
            throw new IllegalArgumentException("--out " + out + " already holds a dataset prepared with other options"
                    + " or sources (" + describe(existing.manifest().recipe()) + "); pass --overwrite to replace it");
        }
        return existing;
    }

    private static String describe(Recipe r) {
        return r.dataset() + ", " + r.clients() + " clients, " + r.scheme()
                + (r.beta() != null ? " beta " + r.beta() : "")
                + (r.shardsPerClient() != null ? " " + r.shardsPerClient() + " shards per client" : "")
                + ", min samples " + r.minSamples() + ", server holdout " + r.serverHoldout() + ", validation "
                + r.validation() + ", seed " + r.seed();
    }

    private static void requireReadableDirectory(Path source) {
        if (!Files.exists(source)) {
            throw new InvalidSourceException(source, "source directory does not exist");
        }
        if (!Files.isDirectory(source)) {
            throw new InvalidSourceException(source, "source is not a directory");
        }
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(source)) {
            entries.iterator().hasNext();
        } catch (IOException | SecurityException e) {
            throw new InvalidSourceException(source, "source directory is not readable (" + e + ")", e);
        }
    }

    private static void requireNotEmpty(LabeledImages images, Path file) {
        if (images.count() == 0) {
            throw new InvalidSourceException(file, "holds no images");
        }
    }

    /** @return {@code values[i]} for each index, in order (indices into a pool mapped to sample ids) */
    private static int[] positions(int[] values, int[] indices) {
        return Arrays.stream(indices).map(i -> values[i]).toArray();
    }

    private static int[] identity(int n) {
        int[] values = new int[n];
        for (int i = 0; i < n; i++) {
            values[i] = i;
        }
        return values;
    }

    private static int[] filled(int n, int value) {
        int[] values = new int[n];
        Arrays.fill(values, value);
        return values;
    }

    private static void deleteQuietly(Location dir) {
        if (dir == null) {
            return;
        }
        try {
            dir.delete();
        } catch (UncheckedIOException e) {
            LOG.warn("could not clean up {}: {}", dir, e.getMessage());
        }
    }
}
