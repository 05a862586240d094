package org.cutmixsl.data.prepare;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.spark.sql.Row;
import org.cutmixsl.data.dataset.PreparedDataset;
import org.cutmixsl.data.testing.SharedSpark;
import org.cutmixsl.data.testing.SyntheticSources;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PrepareIsReproducible {

    @TempDir
    static Path tmp;

    @BeforeAll
    static void sources() throws Exception {
        SharedSpark.session();
        SyntheticSources.idxDataset(tmp.resolve("src"), 400, 50);
    }

    private static String[] args(String out, String seed, String... more) {
        List<String> args = new java.util.ArrayList<>(List.of("--dataset", "mnist", "--source",
                tmp.resolve("src").toString(), "--clients", "5", "--shares", "shards", "--min-samples", "16",
                "--seed", seed, "--out", tmp.resolve(out).toString()));
        args.addAll(List.of(more));
        return args.toArray(new String[0]);
    }

    @Test
    void sameCommandTwiceGivesTheSameBytes() throws Exception {
        assertEquals(0, CommandRun.of(args("a", "11")).exitCode());
        byte[] csv = Files.readAllBytes(tmp.resolve("a/share-stats.csv"));
        byte[] manifest = Files.readAllBytes(tmp.resolve("a/manifest.json"));
        byte[] png = Files.readAllBytes(tmp.resolve("a/share-heatmap.png"));
        List<Row> rows = rows("a");

        CommandRun again = CommandRun.of(args("a", "11", "--overwrite"));

        assertEquals(0, again.exitCode(), again.err());
        assertArrayEquals(csv, Files.readAllBytes(tmp.resolve("a/share-stats.csv")));
        assertArrayEquals(manifest, Files.readAllBytes(tmp.resolve("a/manifest.json")));
        assertArrayEquals(png, Files.readAllBytes(tmp.resolve("a/share-heatmap.png")));
        assertEquals(rows, rows("a"));
    }

    @Test
    void anotherSeedGivesAnotherSplit() throws Exception {
        assertEquals(0, CommandRun.of(args("b", "1")).exitCode());
        assertEquals(0, CommandRun.of(args("c", "2")).exitCode());
        assertNotEquals(Files.readString(tmp.resolve("b/share-stats.csv")),
                Files.readString(tmp.resolve("c/share-stats.csv")));
    }

    private static List<Row> rows(String out) {
        PreparedDataset d = PreparedDataset.open(tmp.resolve(out).toString());
        return d.readTrain(SharedSpark.session()).select("client_id", "sample_id", "label")
                .orderBy("client_id", "sample_id").collectAsList();
    }
}
