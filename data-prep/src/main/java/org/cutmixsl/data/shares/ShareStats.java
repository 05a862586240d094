package org.cutmixsl.data.shares;

/**
 * The per-client class histogram as CSV: a header {@code client_id,class_0,...,class_{K-1}}, then one row per
 * client with its counts. Plain decimal integers, {@code \n} line ends and no locale, so that the same split
 * always gives the same bytes.
 */
public final class ShareStats {

    private ShareStats() {
    }

    /**
     * @param classCounts per client, the count of each class
     * @param numClasses number of class columns
     * @return the CSV text
     */
    public static String toCsv(int[][] classCounts, int numClasses) {
        StringBuilder csv = new StringBuilder(classCounts.length * numClasses * 5 + 64);
        csv.append("client_id");
        for (int k = 0; k < numClasses; k++) {
            csv.append(",class_").append(k);
        }
        csv.append('\n');
        for (int c = 0; c < classCounts.length; c++) {
            csv.append(c);
            for (int k = 0; k < numClasses; k++) {
                csv.append(',').append(classCounts[c][k]);
            }
            csv.append('\n');
        }
        return csv.toString();
    }
}
