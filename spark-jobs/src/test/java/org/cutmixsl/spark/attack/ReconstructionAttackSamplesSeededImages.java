package org.cutmixsl.spark.attack;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import org.junit.jupiter.api.Test;

/** The attack's sample of images is fixed by its seed: recorded attack rows depend on it. */
class ReconstructionAttackSamplesSeededImages {

    @Test
    void aSeedGivesThePinnedSample() {
        int[] ids = {3, 8, 12, 20, 25, 31, 40};
        // the sample the attack drew before it used the shared shuffle; a change here changes recorded attack rows
        assertArrayEquals(new int[] {8, 12, 31}, ReconstructionAttack.sample(ids, 3, 11));
    }

    @Test
    void aSampleOfAllOrMoreIsEveryIdAscending() {
        assertArrayEquals(new int[] {3, 8, 12, 20}, ReconstructionAttack.sample(new int[] {20, 3, 12, 8}, 4, 11));
        assertArrayEquals(new int[] {3, 8, 12, 20}, ReconstructionAttack.sample(new int[] {20, 3, 12, 8}, 9, 11));
    }
}
