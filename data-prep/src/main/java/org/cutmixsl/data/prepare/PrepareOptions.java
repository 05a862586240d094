package org.cutmixsl.data.prepare;

import java.nio.file.Path;
import org.cutmixsl.common.io.Location;
import org.cutmixsl.data.shares.DirichletShares;
import org.cutmixsl.data.shares.IidShares;
import org.cutmixsl.data.shares.ShareScheme;
import org.cutmixsl.data.shares.ShareDrawer;
import org.cutmixsl.data.shares.ShardShares;
import org.cutmixsl.data.source.DatasetKind;

/**
 * What to prepare and where: immutable, and checked when built. A bad value fails with an
 * {@link IllegalArgumentException} whose message names the option as the command line spells it, the value,
 * and what is expected.
 */
public final class PrepareOptions {

    /** Default of {@code --min-samples}: one training batch. */
    public static final int DEFAULT_MIN_SAMPLES = 64;
    /** Default of {@code --beta}. */
    public static final double DEFAULT_BETA = 0.5;
    /** Default of {@code --shards-per-client}. */
    public static final int DEFAULT_SHARDS_PER_CLIENT = 2;

    private final DatasetKind dataset;
    private final Path source;
    private final int clients;
    private final ShareScheme shares;
    private final double beta;
    private final int shardsPerClient;
    private final int minSamples;
    private final int serverHoldout;
    private final int validation;
    private final long seed;
    private final Location out;
    private final boolean overwrite;

    private PrepareOptions(Builder b, Location out) {
        this.dataset = b.dataset;
        this.source = b.source;
        this.clients = b.clients;
        this.shares = b.shares;
        this.beta = b.beta;
        this.shardsPerClient = b.shardsPerClient;
        this.minSamples = b.minSamples;
        this.serverHoldout = b.serverHoldout;
        this.validation = b.validation;
        this.seed = b.seed;
        this.out = out;
        this.overwrite = b.overwrite;
    }

    /** @return a builder with every default set and nothing required set */
    public static Builder builder() {
        return new Builder();
    }

    /** @return the dataset to read */
    public DatasetKind dataset() {
        return dataset;
    }

    /** @return the directory holding its files, absolute */
    public Path source() {
        return source;
    }

    /** @return number of clients */
    public int clients() {
        return clients;
    }

    /** @return how samples are split among clients */
    public ShareScheme shares() {
        return shares;
    }

    /** @return Dirichlet concentration β; meaningful for {@code dirichlet} only */
    public double beta() {
        return beta;
    }

    /** @return shards per client; meaningful for {@code shards} only */
    public int shardsPerClient() {
        return shardsPerClient;
    }

    /** @return samples every client holds at least */
    public int minSamples() {
        return minSamples;
    }

    /** @return training samples set aside for the server, held by no client */
    public int serverHoldout() {
        return serverHoldout;
    }

    /** @return training samples set aside as the validation split, held by no client */
    public int validation() {
        return validation;
    }

    /** @return seed of every random choice */
    public long seed() {
        return seed;
    }

    /** @return the prepared dataset's directory: a local one made absolute, or one on another Hadoop file system */
    public Location out() {
        return out;
    }

    /** @return whether an existing dataset in {@link #out()} may be replaced */
    public boolean overwrite() {
        return overwrite;
    }

    /** @return the share drawer these options describe */
    public ShareDrawer drawer() {
        switch (shares) {
            case IID:
                return new IidShares();
            case DIRICHLET:
                return new DirichletShares(beta);
            case SHARDS:
                return new ShardShares(shardsPerClient);
            default:
                throw new IllegalStateException("no share drawer for " + shares);
        }
    }

    /** @return the options as the command line would spell them */
    @Override
    public String toString() {
        StringBuilder s = new StringBuilder();
        s.append("--dataset ").append(dataset.cliName()).append(" --source ").append(source)
                .append(" --clients ").append(clients).append(" --shares ").append(shares.cliName());
        if (shares == ShareScheme.DIRICHLET) {
            s.append(" --beta ").append(beta);
        }
        if (shares == ShareScheme.SHARDS) {
            s.append(" --shards-per-client ").append(shardsPerClient);
        }
        s.append(" --min-samples ").append(minSamples).append(" --server-holdout ").append(serverHoldout)
                .append(" --validation ").append(validation).append(" --seed ").append(seed).append(" --out ").append(out);
        if (overwrite) {
            s.append(" --overwrite");
        }
        return s.toString();
    }

    /** Collects options; {@link #build()} checks them all at once. */
    public static final class Builder {

        private DatasetKind dataset;
        private Path source;
        private Integer clientsOrNull;
        private int clients;
        private ShareScheme shares;
        private Double betaOrNull;
        private double beta = DEFAULT_BETA;
        private Integer shardsOrNull;
        private int shardsPerClient = DEFAULT_SHARDS_PER_CLIENT;
        private int minSamples = DEFAULT_MIN_SAMPLES;
        private int serverHoldout;
        private int validation;
        private Long seedOrNull;
        private long seed;
        private String out;
        private boolean overwrite;

        private Builder() {
        }

        /** @param value the dataset; required @return this */
        public Builder dataset(DatasetKind value) {
            this.dataset = value;
            return this;
        }

        /** @param value the dataset's command-line name; required @return this */
        public Builder dataset(String value) {
            try {
                return dataset(DatasetKind.fromName(value));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("--dataset: " + e.getMessage(), e);
            }
        }

        /** @param value directory holding the source files; defaults to where the system package puts them @return this */
        public Builder source(Path value) {
            this.source = value;
            return this;
        }

        /** @param value number of clients, at least 1; required @return this */
        public Builder clients(int value) {
            this.clientsOrNull = value;
            return this;
        }

        /** @param value how to split; required @return this */
        public Builder shares(ShareScheme value) {
            this.shares = value;
            return this;
        }

        /** @param value the scheme's command-line name; required @return this */
        public Builder shares(String value) {
            try {
                return shares(ShareScheme.fromName(value));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("--shares: " + e.getMessage(), e);
            }
        }

        /** @param value Dirichlet β, positive; only with {@code dirichlet}; default 0.5 @return this */
        public Builder beta(double value) {
            this.betaOrNull = value;
            return this;
        }

        /** @param value shards per client, at least 1; only with {@code shards}; default 2 @return this */
        public Builder shardsPerClient(int value) {
            this.shardsOrNull = value;
            return this;
        }

        /** @param value samples every client holds at least, at least 1; default 64 @return this */
        public Builder minSamples(int value) {
            this.minSamples = value;
            return this;
        }

        /** @param value training samples set aside for the server, at least 0; default 0 @return this */
        public Builder serverHoldout(int value) {
            this.serverHoldout = value;
            return this;
        }

        /**
         * @param value training samples set aside as the validation split (stratified by label, disjoint from the
         *     server holdout), at least 0; default 0 @return this
         */
        public Builder validation(int value) {
            this.validation = value;
            return this;
        }

        /** @param value seed of every random choice; required @return this */
        public Builder seed(long value) {
            this.seedOrNull = value;
            return this;
        }

        /**
         * @param value directory to write the prepared dataset into, a local path or a URI ({@code hdfs://...});
         *     required
         * @return this
         */
        public Builder out(String value) {
            this.out = value;
            return this;
        }

        /** @param value local directory to write the prepared dataset into; required @return this */
        public Builder out(Path value) {
            return out(value == null ? null : value.toString());
        }

        /** @param value whether an existing dataset may be replaced; default false @return this */
        public Builder overwrite(boolean value) {
            this.overwrite = value;
            return this;
        }

        /**
         * @return the options
         * @throws IllegalArgumentException naming the first option that is missing or out of range
         */
        public PrepareOptions build() {
            if (dataset == null) {
                throw new IllegalArgumentException("--dataset is required: one of " + DatasetKind.names());
            }
            if (source == null) {
                source = dataset.defaultSource().orElseThrow(() -> new IllegalArgumentException(
                        "--source is required for " + dataset.cliName() + ": the directory holding its files"));
            }
            source = source.toAbsolutePath().normalize();
            if (clientsOrNull == null) {
                throw new IllegalArgumentException("--clients is required: the number of clients, at least 1");
            }
            clients = clientsOrNull;
            if (clients < 1) {
                throw new IllegalArgumentException("--clients must be at least 1, got " + clients);
            }
            if (shares == null) {
                throw new IllegalArgumentException("--shares is required: one of " + ShareScheme.names());
            }
            if (betaOrNull != null) {
                if (shares != ShareScheme.DIRICHLET) {
                    throw new IllegalArgumentException("--beta " + betaOrNull + " is only used with --shares dirichlet, not "
                            + shares.cliName());
                }
                beta = betaOrNull;
                if (!(beta > 0) || Double.isInfinite(beta)) {
                    throw new IllegalArgumentException("--beta must be a positive finite number (the Dirichlet"
                            + " concentration; smaller is more skewed), got " + beta);
                }
            }
            if (shardsOrNull != null) {
                if (shares != ShareScheme.SHARDS) {
                    throw new IllegalArgumentException("--shards-per-client " + shardsOrNull
                            + " is only used with --shares shards, not " + shares.cliName());
                }
                shardsPerClient = shardsOrNull;
                if (shardsPerClient < 1) {
                    throw new IllegalArgumentException("--shards-per-client must be at least 1, got " + shardsPerClient);
                }
            }
            if (minSamples < 1) {
                throw new IllegalArgumentException("--min-samples must be at least 1, got " + minSamples);
            }
            if (serverHoldout < 0) {
                throw new IllegalArgumentException("--server-holdout must be 0 or more, got " + serverHoldout);
            }
            if (validation < 0) {
                throw new IllegalArgumentException("--validation must be 0 or more, got " + validation);
            }
            if (seedOrNull == null) {
                throw new IllegalArgumentException("--seed is required: any integer; the same seed gives the same split");
            }
            seed = seedOrNull;
            if (out == null) {
                throw new IllegalArgumentException("--out is required: the directory to write the prepared dataset into");
            }
            Location dir = Location.forOption("--out", out);
            if (dir.parent().equals(dir)) {
                throw new IllegalArgumentException("--out must not be the file system root, got " + dir);
            }
            if (dir.isLocal() && (dir.localPath().startsWith(source) || source.startsWith(dir.localPath()))) {
                throw new IllegalArgumentException("--out " + dir + " must lie outside --source " + source
                        + " and not contain it");
            }
            return new PrepareOptions(this, dir);
        }
    }
}
