package org.cutmixsl.data.dataset;

import java.util.List;
import java.util.Objects;
import org.cutmixsl.data.source.SourceFile;

/**
 * Everything that decides a prepared dataset's content: the dataset, the sources (by size and SHA-256) and the
 * parameters of the clients' shares. Two preparations with equal recipes write the same rows, so the second can be skipped.
 *
 * @param dataset dataset name, such as {@code fashion-mnist}
 * @param scheme share scheme name: {@code iid}, {@code dirichlet} or {@code shards}
 * @param clients number of clients
 * @param beta Dirichlet concentration; {@code null} unless the scheme is {@code dirichlet}
 * @param shardsPerClient shards per client; {@code null} unless the scheme is {@code shards}
 * @param minSamples samples every client holds at least
 * @param serverHoldout training samples set aside for the server
 * @param validation training samples set aside as the validation split (0 in datasets prepared before it existed)
 * @param seed the seed of every random choice
 * @param sourceFiles the source files read, in reading order
 */
public record Recipe(String dataset, String scheme, int clients, Double beta, Integer shardsPerClient,
                     int minSamples, int serverHoldout, int validation, long seed, List<SourceFile> sourceFiles) {

    /** Checks the required fields and freezes the file list. */
    public Recipe {
        Objects.requireNonNull(dataset, "dataset");
        Objects.requireNonNull(scheme, "scheme");
        sourceFiles = List.copyOf(sourceFiles);
    }
}
