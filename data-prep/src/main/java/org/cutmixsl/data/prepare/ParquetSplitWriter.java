package org.cutmixsl.data.prepare;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.cutmixsl.common.io.Location;
import org.cutmixsl.data.dataset.ClientRangeFile;
import org.cutmixsl.data.dataset.PreparedDataset;
import org.cutmixsl.data.source.LabeledImages;

/**
 * Writes one split as Parquet through Spark SQL, with a layout chosen here rather than by Spark: the rows, already
 * in (client_id, sample_id) order, are cut into chunks at client boundaries, and chunk i becomes partition i and
 * so file {@code part-0000i}. Every file therefore holds a contiguous range of clients, sorted. Spark's own range
 * partitioner samples the data and could cut a client in two, which is why it is not used.
 *
 * <p>Only primitive arrays and {@code Integer}s cross Spark's wire (through broadcasts and the parallelized chunk
 * ids), so the job runs under {@code spark.kryo.registrationRequired=true} without registering anything.
 */
final class ParquetSplitWriter {

    /** Rows per file to aim for: about 6 MB of 28×28 images, 25 MB of 32×32×3. */
    static final int TARGET_ROWS_PER_FILE = 8192;

    private static final Pattern SPARK_PART = Pattern.compile("^part-(\\d{5})-.*?((?:\\.[a-z0-9]+)?\\.parquet)$");

    private ParquetSplitWriter() {
    }

    /**
     * Writes the rows {@code (rowClient[i], rowSample[i], label, image)} for i in order, and gives the files
     * stable names {@code part-0000i<.codec>.parquet}.
     *
     * @param spark the session
     * @param images where the samples' labels and pixels come from
     * @param rowSample sample index (into {@code images}) of each row; also its sample_id
     * @param rowClient client id of each row, non-decreasing; -1 for rows no client holds
     * @param targetRows rows per file to aim for
     * @param dir the split's directory, on any Hadoop file system; must not exist yet
     * @param description what the Spark UI shows for the job
     * @return the files written and their client ranges, in order
     */
    static List<ClientRangeFile> write(SparkSession spark, LabeledImages images, int[] rowSample, int[] rowClient,
                                       int targetRows, Location dir, String description)
            throws IOException {
        int[] starts = chunkStarts(rowClient, targetRows);
        int chunks = starts.length - 1;
        JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
        Broadcast<byte[]> pixels = jsc.broadcast(images.pixels());
        Broadcast<int[]> labels = jsc.broadcast(images.labels());
        Broadcast<int[]> samples = jsc.broadcast(rowSample);
        Broadcast<int[]> clients = jsc.broadcast(rowClient);
        try {
            List<Integer> chunkIds = new ArrayList<>(chunks);
            for (int i = 0; i < chunks; i++) {
                chunkIds.add(i);
            }
            jsc.setJobDescription(description + " (" + rowSample.length + " rows, " + chunks + " files)");
            // One chunk id per slice: ParallelCollectionRDD puts element i into partition i when slices == size.
            JavaRDD<Row> rows = jsc.parallelize(chunkIds, chunks)
                    .flatMap(new ChunkRows(pixels, labels, samples, clients, starts, images.imageBytes()));
            spark.createDataFrame(rows, PreparedDataset.SCHEMA).write().mode(SaveMode.ErrorIfExists).parquet(dir.uri());
        } finally {
            jsc.setJobDescription(null);
            pixels.destroy();
            labels.destroy();
            samples.destroy();
            clients.destroy();
        }
        return nameFiles(dir, starts, rowClient);
    }

    /**
     * Cuts rows into chunks of about {@code target} rows, only where the client id changes (rows of client -1,
     * held by nobody, may be cut anywhere).
     *
     * @param rowClient client id of each row, non-decreasing
     * @param target rows per chunk to aim for
     * @return chunk start offsets, then the total row count
     */
    static int[] chunkStarts(int[] rowClient, int target) {
        List<Integer> starts = new ArrayList<>();
        starts.add(0);
        int start = 0;
        for (int i = 1; i < rowClient.length; i++) {
            boolean full = i - start >= target;
            boolean boundary = rowClient[i] != rowClient[i - 1] || rowClient[i] < 0;
            if (full && boundary) {
                starts.add(i);
                start = i;
            }
        }
        starts.add(rowClient.length);
        return starts.stream().mapToInt(Integer::intValue).toArray();
    }

    /** Renames Spark's {@code part-0000i-<uuid>-c000.snappy.parquet} to {@code part-0000i.snappy.parquet}. */
    private static List<ClientRangeFile> nameFiles(Location dir, int[] starts, int[] rowClient) throws IOException {
        // Hadoop's local file system renames the .crc checksum file along with its data file.
        FileSystem fs = dir.fileSystem();
        List<ClientRangeFile> files = new ArrayList<>();
        FileStatus[] listing = fs.listStatus(dir.hadoopPath());
        String[] byChunk = new String[starts.length - 1];
        for (FileStatus status : listing) {
            Matcher m = SPARK_PART.matcher(status.getPath().getName());
            if (!m.matches()) {
                continue;
            }
            int chunk = Integer.parseInt(m.group(1));
            if (chunk >= byChunk.length || byChunk[chunk] != null) {
                throw new IllegalStateException("Spark wrote an unexpected file " + status.getPath()
                        + " for " + byChunk.length + " chunks");
            }
            String name = String.format("part-%05d%s", chunk, m.group(2));
            if (!fs.rename(status.getPath(), new Path(status.getPath().getParent(), name))) {
                throw new IOException("cannot rename " + status.getPath() + " to " + name);
            }
            byChunk[chunk] = name;
        }
        for (int chunk = 0; chunk < byChunk.length; chunk++) {
            if (byChunk[chunk] == null) {
                throw new IllegalStateException("Spark wrote no file for chunk " + chunk + " in " + dir);
            }
            files.add(new ClientRangeFile(byChunk[chunk], rowClient[starts[chunk]], rowClient[starts[chunk + 1] - 1],
                    starts[chunk + 1] - starts[chunk]));
        }
        return files;
    }

    /** Makes the rows of one chunk on an executor from the broadcast arrays. */
    static final class ChunkRows implements FlatMapFunction<Integer, Row> {

        private static final long serialVersionUID = 1L;

        private final Broadcast<byte[]> pixels;
        private final Broadcast<int[]> labels;
        private final Broadcast<int[]> rowSample;
        private final Broadcast<int[]> rowClient;
        private final int[] starts;
        private final int imageBytes;

        ChunkRows(Broadcast<byte[]> pixels, Broadcast<int[]> labels, Broadcast<int[]> rowSample,
                  Broadcast<int[]> rowClient, int[] starts, int imageBytes) {
            this.pixels = pixels;
            this.labels = labels;
            this.rowSample = rowSample;
            this.rowClient = rowClient;
            this.starts = starts;
            this.imageBytes = imageBytes;
        }

        @Override
        public Iterator<Row> call(Integer chunk) {
            return new RowIterator(pixels.value(), labels.value(), rowSample.value(), rowClient.value(),
                    starts[chunk], starts[chunk + 1], imageBytes);
        }
    }

    /** Rows {@code [from, to)}, made one at a time so a chunk never sits in memory twice. */
    static final class RowIterator implements Iterator<Row> {

        private final byte[] pixels;
        private final int[] labels;
        private final int[] rowSample;
        private final int[] rowClient;
        private final int to;
        private final int imageBytes;
        private int next;

        RowIterator(byte[] pixels, int[] labels, int[] rowSample, int[] rowClient, int from, int to, int imageBytes) {
            this.pixels = pixels;
            this.labels = labels;
            this.rowSample = rowSample;
            this.rowClient = rowClient;
            this.next = from;
            this.to = to;
            this.imageBytes = imageBytes;
        }

        @Override
        public boolean hasNext() {
            return next < to;
        }

        @Override
        public Row next() {
            if (next >= to) {
                throw new NoSuchElementException();
            }
            int sample = rowSample[next];
            byte[] image = new byte[imageBytes];
            System.arraycopy(pixels, sample * imageBytes, image, 0, imageBytes);
            Row row = RowFactory.create(rowClient[next], (long) sample, labels[sample], image);
            next++;
            return row;
        }
    }
}
