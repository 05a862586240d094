package org.cutmixsl.data.prepare;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.List;
import org.apache.spark.sql.Row;
import org.cutmixsl.data.dataset.PreparedDataset;
import org.cutmixsl.data.source.DatasetKind;
import org.cutmixsl.data.testing.SharedSpark;
import org.cutmixsl.data.testing.SyntheticSources;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CifarSourcePreparesHwcImages {

    @TempDir
    Path tmp;

    @Test
    void fiveBatchesAndATestBatch() throws Exception {
        SyntheticSources.cifarDataset(tmp.resolve("src"), 20, 10);
        PreparedDataset d = DatasetPreparer.prepare(SharedSpark.session(), PrepareOptions.builder()
                .dataset(DatasetKind.CIFAR10).source(tmp.resolve("src")).clients(4).shares("shards")
                .shardsPerClient(2).minSamples(8).seed(2).out(tmp.resolve("out")).build());

        assertEquals(100, d.trainRows());
        assertEquals(10, d.testRows());
        assertEquals(List.of(32, 32, 3), List.of(d.height(), d.width(), d.channels()));
        Row row = d.readTrain(SharedSpark.session()).where("sample_id = 47").first();
        byte[] image = (byte[]) row.get(3);
        assertEquals(3072, image.length);
        // Sample 47 is record 7 of data_batch_3; its HWC byte j is pixel(47, j) by construction.
        for (int j = 0; j < 3072; j++) {
            assertEquals(SyntheticSources.pixel(47, j), image[j], "byte " + j);
        }
    }
}
