package org.cutmixsl.data.dataset;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.cutmixsl.data.source.DatasetKind;
import org.cutmixsl.data.source.SourceFile;
import org.junit.jupiter.api.Test;

class ManifestRoundTripsThroughJson {

    static Manifest sample() {
        Recipe recipe = new Recipe("cifar10", "shards", 3, null, 2, 10, 5, 4, -7L,
                List.of(new SourceFile("train", "data_batch_1.bin", 3073, "ab"),
                        new SourceFile("test", "test_batch.bin", 6146, "cd")));
        return new Manifest(DatasetKind.CIFAR10, recipe, 60, 2, 5, 4, new int[] {20, 25, 15},
                List.of(new ClientRangeFile("part-00000.snappy.parquet", 0, 1, 45),
                        new ClientRangeFile("part-00001.snappy.parquet", 2, 2, 15)));
    }

    @Test
    void everyFieldComesBack() {
        Manifest original = sample();
        Manifest read = Manifest.parse(original.toJson().getBytes(StandardCharsets.UTF_8), "m.json");

        assertEquals(original.recipe(), read.recipe());
        assertEquals(DatasetKind.CIFAR10, read.kind());
        assertEquals(List.of(32, 32, 3), List.of(read.height(), read.width(), read.channels()));
        assertEquals(DatasetKind.CIFAR10.classNames(), read.classNames());
        assertEquals(List.of(60L, 2L, 5L, 4L), List.of(read.trainRows(), read.testRows(), read.holdoutRows(),
                read.validationRows()));
        assertArrayEquals(new int[] {20, 25, 15}, read.clientSampleCounts());
        assertEquals(original.trainFiles(), read.trainFiles());
        assertEquals(original.toJson(), read.toJson());
    }

    @Test
    void aManifestWrittenBeforeTheSharesRenameReadsTheSameRecipe() {
        Manifest original = sample();
        String json = original.toJson();
        assertTrue(json.contains("\"" + Manifest.SHARES + "\" : {"), json);
        String old = json.replace("\"" + Manifest.SHARES + "\" : {", "\"" + Manifest.LEGACY_SHARES + "\" : {");
        Manifest read = Manifest.parse(old.getBytes(StandardCharsets.UTF_8), "old.json");
        assertEquals(original.recipe(), read.recipe());
        assertEquals(json, read.toJson());
    }

    @Test
    void aManifestWrittenBeforeTheValidationSplitReadsAsHavingNone() {
        String json = sample().toJson();
        String old = json.replace("\"validation\" : 4,", "").replace(",\n    \"validation\" : 4", "")
                .replace(",\n    \"validation\" : \"validation\"", "");
        assertTrue(!old.contains("validation"), old);
        Manifest read = Manifest.parse(old.getBytes(StandardCharsets.UTF_8), "old.json");
        assertEquals(0, read.validationRows());
        assertEquals(0, read.recipe().validation());
    }

    @Test
    void dirichletBetaSurvivesExactly() {
        Recipe recipe = new Recipe("mnist", "dirichlet", 1, 0.1 + 0.2, null, 1, 0, 0, 1L, List.of());
        Manifest m = new Manifest(DatasetKind.MNIST, recipe, 1, 1, 0, 0, new int[] {1}, List.of());
        assertEquals(recipe, Manifest.parse(m.toJson().getBytes(StandardCharsets.UTF_8), "m.json").recipe());
    }
}
