package org.cutmixsl.data.prepare;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import javax.imageio.ImageIO;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.hadoop.conf.Configuration;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.hadoop.util.HadoopInputFile;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName;
import org.apache.parquet.schema.Type;
import org.cutmixsl.data.dataset.ClientRangeFile;
import org.cutmixsl.data.dataset.PreparedDataset;
import org.cutmixsl.data.source.DatasetKind;
import org.cutmixsl.data.testing.SharedSpark;
import org.cutmixsl.data.testing.SyntheticSources;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Prepares a synthetic 28×28 dataset (600 training images, 100 test images) for 6 clients with a server holdout of
 * 60, in files of about 100 rows, and checks every row that comes back through Spark against the source.
 */
class PreparedSplitsRoundTripThroughParquet {

    @TempDir
    static Path tmp;

    private static SparkSession spark;
    private static PreparedDataset dataset;
    private static final int[] TRAIN_LABELS = SyntheticSources.labels(600, 10);
    private static final int[] TEST_LABELS = SyntheticSources.labels(100, 10);

    @BeforeAll
    static void prepare() throws Exception {
        spark = SharedSpark.session();
        SyntheticSources.idxDataset(tmp.resolve("src"), 600, 100);
        PrepareOptions options = PrepareOptions.builder().dataset(DatasetKind.FASHION_MNIST)
                .source(tmp.resolve("src")).clients(6).shares("dirichlet").beta(0.5).minSamples(20)
                .serverHoldout(60).seed(3).out(tmp.resolve("out")).build();
        dataset = DatasetPreparer.prepare(spark, options, 100, () -> { });
    }

    @Test
    void manifestCounts() {
        assertEquals(DatasetKind.FASHION_MNIST, dataset.kind());
        assertEquals(List.of(28, 28, 1, 10), List.of(dataset.height(), dataset.width(), dataset.channels(),
                dataset.numClasses()));
        assertEquals(6, dataset.clients());
        assertEquals(540, dataset.trainRows());
        assertEquals(100, dataset.testRows());
        assertEquals(60, dataset.holdoutRows());
        int sum = 0;
        for (int count : dataset.clientSampleCounts()) {
            assertTrue(count >= 20);
            sum += count;
        }
        assertEquals(540, sum);
    }

    @Test
    void trainRowsCarryTheSourceLabelsAndPixels() {
        List<Row> rows = dataset.readTrain(spark).collectAsList();
        assertEquals(540, rows.size());
        int[] perClient = new int[6];
        Set<Long> ids = new HashSet<>();
        for (Row row : rows) {
            int sample = (int) row.getLong(1);
            assertTrue(ids.add(row.getLong(1)), "sample " + sample + " twice");
            assertEquals(TRAIN_LABELS[sample], row.getInt(2), "label of sample " + sample);
            assertImage(sample, (byte[]) row.get(3));
            perClient[row.getInt(0)]++;
        }
        assertArrayEquals(dataset.clientSampleCounts(), perClient);
    }

    @Test
    void filesCarryTheDocumentedColumns() throws Exception {
        // Read the footer itself: a schema given to spark.read() would hide what the files really hold.
        Path file = Path.of(dataset.root(), "train", dataset.manifest().trainFiles().get(0).file());
        try (ParquetFileReader reader = ParquetFileReader.open(HadoopInputFile.fromPath(
                new org.apache.hadoop.fs.Path(file.toUri()), new Configuration()))) {
            MessageType schema = reader.getFooter().getFileMetaData().getSchema();
            assertEquals(List.of("client_id", "sample_id", "label", "image"),
                    schema.getFields().stream().map(Type::getName).toList());
            assertEquals(List.of(PrimitiveTypeName.INT32, PrimitiveTypeName.INT64, PrimitiveTypeName.INT32,
                    PrimitiveTypeName.BINARY),
                    schema.getFields().stream().map(t -> t.asPrimitiveType().getPrimitiveTypeName()).toList());
        }
    }

    @Test
    void eachFileHoldsAContiguousSortedRangeOfClients() {
        List<ClientRangeFile> files = dataset.manifest().trainFiles();
        assertTrue(files.size() >= 3, "expected several files of about 100 rows, got " + files);
        int lastClient = -1;
        long lastSample = -1;
        long total = 0;
        int previousFileLast = -1;
        for (ClientRangeFile file : files) {
            assertTrue(file.firstClient() > previousFileLast, "client ranges overlap at " + file);
            previousFileLast = file.lastClient();
            List<Row> rows = spark.read().schema(PreparedDataset.SCHEMA).parquet(dataset.trainPath() + "/" + file.file()).collectAsList();
            assertEquals(file.rows(), rows.size(), file.file());
            for (Row row : rows) {
                int client = row.getInt(0);
                long sample = row.getLong(1);
                assertTrue(client >= file.firstClient() && client <= file.lastClient(), file + " holds client " + client);
                assertTrue(client > lastClient || (client == lastClient && sample > lastSample),
                        "rows out of (client_id, sample_id) order at client " + client + " sample " + sample);
                lastClient = client;
                lastSample = sample;
            }
            total += rows.size();
        }
        assertEquals(540, total);
    }

    @Test
    void testSplitIsHeldByNoClient() {
        List<Row> rows = dataset.readTest(spark).orderBy("sample_id").collectAsList();
        assertEquals(100, rows.size());
        for (int i = 0; i < rows.size(); i++) {
            Row row = rows.get(i);
            assertEquals(-1, row.getInt(0));
            assertEquals(i, row.getLong(1));
            assertEquals(TEST_LABELS[i], row.getInt(2));
            assertImage(i, (byte[]) row.get(3));
        }
    }

    @Test
    void holdoutIsStratifiedAndDisjointFromTheClients() {
        List<Row> rows = dataset.readHoldout(spark).orElseThrow().collectAsList();
        assertEquals(60, rows.size());
        int[] perClass = new int[10];
        Set<Long> train = new HashSet<>();
        for (Row row : dataset.readTrain(spark).select("sample_id").collectAsList()) {
            train.add(row.getLong(0));
        }
        for (Row row : rows) {
            assertEquals(-1, row.getInt(0));
            assertFalse(train.contains(row.getLong(1)), "holdout sample " + row.getLong(1) + " also held by a client");
            assertImage((int) row.getLong(1), (byte[]) row.get(3));
            perClass[row.getInt(2)]++;
        }
        assertArrayEquals(new int[] {6, 6, 6, 6, 6, 6, 6, 6, 6, 6}, perClass);
    }

    @Test
    void statsCsvMatchesTheParquetRows() throws Exception {
        int[][] counts = new int[6][10];
        for (Row row : dataset.readTrain(spark).groupBy("client_id", "label").count().collectAsList()) {
            counts[row.getInt(0)][row.getInt(1)] = (int) row.getLong(2);
        }
        StringBuilder expected = new StringBuilder("client_id,class_0,class_1,class_2,class_3,class_4,class_5,class_6,"
                + "class_7,class_8,class_9\n");
        for (int c = 0; c < 6; c++) {
            expected.append(c);
            for (int k = 0; k < 10; k++) {
                expected.append(',').append(counts[c][k]);
            }
            expected.append('\n');
        }
        assertEquals(expected.toString(), Files.readString(Path.of(dataset.statsCsvPath())));
    }

    @Test
    void heatmapIsAPngAndNothingTemporaryIsLeft() throws Exception {
        assertNotNull(ImageIO.read(Path.of(dataset.heatmapPath()).toFile()));
        assertFalse(SyntheticSources.leftovers(tmp.resolve("out")));
    }

    private static void assertImage(int sample, byte[] image) {
        assertEquals(784, image.length);
        for (int j = 0; j < 784; j++) {
            if (image[j] != SyntheticSources.pixel(sample, j)) {
                throw new AssertionError("image of sample " + sample + " differs at byte " + j);
            }
        }
    }
}
