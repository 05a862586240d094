package org.cutmixsl.spark;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.stream.Stream;

/**
 * One tiny real study with simulated links per test JVM, shared by the results-table and report tests: PSL and
 * CutMixSL (per-client heads) on real Fashion-MNIST (TinyStudy's dataset: 4 IID clients), two seeds, three rounds,
 * evaluated every round, clients.dropout 0.25, at two link profiles (regimes): "fast" (1 Gbit/s) with a target of
 * 10% test accuracy, which the runs reach, and "slow" (1 kbit/s, so that its transfers, hundreds of simulated
 * seconds, outweigh the noise of the measured compute times that simulated time also adds) with a target of 100%,
 * which none reaches.
 */
public final class TinyNetworkStudy {

    /** The target accuracy of the fast profile. */
    public static final double FAST_TARGET = 0.1;

    private static Path dir;

    private TinyNetworkStudy() {}

    /** @return the study folder, run on first use in this JVM */
    public static synchronized Path get() {
        if (dir == null) {
            try {
                Files.createDirectories(Paths.get("target"));
                Path scratch = Files.createTempDirectory(Paths.get("target").toAbsolutePath(), "tiny-network-study-");
                Path config = scratch.resolve("network.conf");
                Files.writeString(config, """
                        study {
                          name = "tiny network study"
                          variants = [
                            { name = psl, method = psl }
                            { name = cutmixsl, method = cutmixsl, set { head.aggregateEvery = 0 } }
                          ]
                          regimes = [
                            { name = fast, set { clients.link { uplinkMbps = 1000, downlinkMbps = 1000 } } }
                            { name = slow, set { clients.link { uplinkMbps = 0.001, downlinkMbps = 0.001 },
                              eval.targetAccuracy = 1.0 } }
                          ]
                          clients = [4]
                          shares = [iid]
                          seeds = [1, 2]
                          dataSeed = 7
                          dataDir = "%s"
                          attack = false
                        }
                        data.serverHoldout = 500
                        clients { batchSize = 32, dropout = 0.25, link.latencyMs = 10 }
                        train.rounds = 3
                        eval { every = 1, testImages = 200, targetAccuracy = %s }
                        checkpoint.every = 3
                        spark.partitions = 2
                        """.formatted(TinyStudy.dataset().getParent(), FAST_TARGET));
                TinyStudy.Launch launch = TinyStudy.launch(config, scratch.resolve("study"));
                if (launch.failed() != 0) {
                    throw new IllegalStateException("the tiny network study failed:\n" + launch.out() + launch.err());
                }
                dir = scratch.resolve("study");
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return dir;
    }

    /**
     * @param copy where to copy the study (a folder that does not exist yet)
     * @return {@code copy}: the study's files without its report and plots, for a test to alter
     */
    public static Path copyTo(Path copy) throws IOException {
        Path dir = get();
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path f : (Iterable<Path>) files::iterator) {
                Path to = copy.resolve(dir.relativize(f).toString());
                if (Files.isDirectory(f)) {
                    Files.createDirectories(to);
                } else if (!f.startsWith(dir.resolve("plots")) && !f.getFileName().toString().equals("report.html")) {
                    Files.copy(f, to);
                }
            }
        }
        return copy;
    }
}
