package org.cutmixsl.data.shares;

import java.util.ArrayList;
import java.util.List;

/** The share drawers and label sets the property tests run over. */
final class Splits {

    private Splits() {
    }

    static List<ShareDrawer> all() {
        List<ShareDrawer> all = new ArrayList<>();
        all.add(new IidShares());
        all.add(new DirichletShares(0.1));
        all.add(new DirichletShares(0.5));
        all.add(new DirichletShares(10));
        all.add(new ShardShares(1));
        all.add(new ShardShares(2));
        all.add(new ShardShares(5));
        return all;
    }

    /** Balanced labels {@code 0..numClasses-1} in a scrambled order. */
    static int[] balanced(int n, int numClasses) {
        int[] labels = new int[n];
        for (int i = 0; i < n; i++) {
            labels[i] = (int) ((i * 2654435761L) % 1_000_003 % numClasses);
        }
        return labels;
    }

    /** Labels where class 0 holds 90% of the samples and the rest share 10%. */
    static int[] lopsided(int n, int numClasses) {
        int[] labels = new int[n];
        for (int i = 0; i < n; i++) {
            labels[i] = i % 10 == 9 ? 1 + (i / 10) % (numClasses - 1) : 0;
        }
        return labels;
    }

    /** An independent check: how many clients hold each sample. */
    static int[] holders(ClientShares p, int n) {
        int[] holders = new int[n];
        for (int c = 0; c < p.clients(); c++) {
            for (int sample : p.samplesOf(c)) {
                holders[sample]++;
            }
        }
        return holders;
    }
}
