package org.cutmixsl.data.partition;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** The ways of splitting samples among clients, by their command-line names. */
public enum PartitionScheme {

    /** Every client gets a uniformly random, equally sized share. */
    IID("iid"),
    /** Each client's label proportions are drawn from a symmetric Dirichlet(β); small β means skewed clients. */
    DIRICHLET("dirichlet"),
    /** Samples sorted by label and cut into shards; each client gets k of them. */
    SHARDS("shards");

    private final String cliName;

    PartitionScheme(String cliName) {
        this.cliName = cliName;
    }

    /** @return the command-line name */
    public String cliName() {
        return cliName;
    }

    /**
     * @param name a command-line name; case does not matter
     * @return the scheme of that name
     * @throws IllegalArgumentException naming the value and the accepted names if there is none
     */
    public static PartitionScheme fromName(String name) {
        for (PartitionScheme scheme : values()) {
            if (scheme.cliName.equals(name == null ? null : name.toLowerCase(Locale.ROOT))) {
                return scheme;
            }
        }
        throw new IllegalArgumentException("unknown partition '" + name + "': expected one of " + names());
    }

    /** @return the accepted command-line names, comma-separated */
    public static String names() {
        return Arrays.stream(values()).map(PartitionScheme::cliName).collect(Collectors.joining(", "));
    }
}
