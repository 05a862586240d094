package org.cutmixsl.data.shares;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** The ways of splitting samples among clients, by their command-line names. */
public enum ShareScheme {

    /** Every client gets a uniformly random, equally sized share. */
    IID("iid"),
    /** Each client's label proportions are drawn from a symmetric Dirichlet(β); small β means skewed clients. */
    DIRICHLET("dirichlet"),
    /** Samples sorted by label and cut into shards; each client gets k of them. */
    SHARDS("shards");

    private final String cliName;

    ShareScheme(String cliName) {
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
    public static ShareScheme fromName(String name) {
        for (ShareScheme scheme : values()) {
            if (scheme.cliName.equals(name == null ? null : name.toLowerCase(Locale.ROOT))) {
                return scheme;
            }
        }
        throw new IllegalArgumentException("unknown share scheme '" + name + "': expected one of " + names());
    }

    /** @return the accepted command-line names, comma-separated */
    public static String names() {
        return Arrays.stream(values()).map(ShareScheme::cliName).collect(Collectors.joining(", "));
    }
}
