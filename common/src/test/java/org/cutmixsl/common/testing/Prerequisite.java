package org.cutmixsl.common.testing;

import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

/**
 * The one rule for what a test needs from the machine (Fashion-MNIST, a headless browser): where it is missing the
 * test is skipped, except under {@code CI=true}, where {@code bin/cutmixsl test} has installed it and its absence
 * is a failure. Shared with the other modules' tests through common's test jar.
 */
public final class Prerequisite {

    private Prerequisite() {}

    /**
     * @param present whether the machine has it
     * @param missing what is missing and how to install it
     */
    public static void require(boolean present, String missing) {
        if ("true".equals(System.getenv("CI"))) {
            Assertions.assertTrue(present, missing);
        }
        Assumptions.assumeTrue(present, missing);
    }
}
