package org.cutmixsl.model.privacy;

import java.util.Locale;
import org.nd4j.linalg.api.blas.params.MMulTranspose;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Distance correlation between two samples X (n × p) and Y (n × q) whose rows are paired observations: for
 * instance a batch of raw images, flattened, and the smashed data the server received for them, flattened
 * with punched tokens as zeros. Computed with ND4J in double precision: pairwise Euclidean distance matrices
 * from one Gram matrix each, then centering and an elementwise inner product.
 *
 * <p>{@link #biasCorrected} is the statistic to report: the bias-corrected estimator of the squared distance
 * correlation of Székely and Rizzo ("The distance correlation t-test of independence in high dimension",
 * J. Multivariate Analysis 117, 2013), in the U-centered form of their 2014 paper ("Partial distance
 * correlation with methods for dissimilarities", Ann. Statist. 42(6)); R's {@code energy::bcdcor}. It is
 * built from unbiased estimators, so for independent data it scatters around 0 and <em>can be slightly
 * negative</em>; it is not square-rooted. {@link #plainSquared} is the original V-statistic dCor²ₙ
 * (Székely, Rizzo and Bakirov 2007), on the same squared scale: for batches of 64 high-dimensional
 * samples it is far above 0 even for independent data, which is why it is not the one to report.
 *
 * <p>Both are invariant to translating, rotating and scaling either sample (distances change by one
 * factor), and both are 1 when Y = c·X·Q for an orthogonal Q and c &gt; 0. The U-centered estimator needs
 * n ≥ 4 samples (its normalisation divides by n − 3). A sample without spread (all rows equal) has zero
 * distance variance; the correlation is then defined as 0, as {@code energy} does.
 */
public final class DistanceCorrelation {

    private DistanceCorrelation() {}

    /**
     * Bias-corrected squared distance correlation of two samples given as rows.
     *
     * @param x n rows of p values
     * @param y n rows of q values (the same n)
     * @return the estimate, in about [−1, 1]; near 0 for independent samples, possibly slightly negative
     */
    public static double biasCorrected(float[][] x, float[][] y) {
        return biasCorrected(flatten("x", x), x.length, flatten("y", y), y.length);
    }

    /**
     * Bias-corrected squared distance correlation of two samples given as flat row-major arrays.
     *
     * @param x n·p values, row after row
     * @param xRows n
     * @param y n·q values, row after row
     * @param yRows n (must equal {@code xRows})
     * @return the estimate, in about [−1, 1]; near 0 for independent samples, possibly slightly negative
     */
    public static double biasCorrected(float[] x, int xRows, float[] y, int yRows) {
        int n = checkShapes(x, xRows, y, yRows);
        try (INDArray a = uCentered(distances(x, n)); INDArray b = uCentered(distances(y, n))) {
            return correlation(inner(a, b), inner(a, a), inner(b, b));
        }
    }

    /**
     * The plain V-statistic dCor²ₙ of Székely, Rizzo and Bakirov (2007), squared like {@link
     * #biasCorrected} ({@code energy::dcor} returns its square root). Biased upwards: kept to show the bias.
     *
     * @param x n rows of p values
     * @param y n rows of q values
     * @return dCor²ₙ in [0, 1]
     */
    public static double plainSquared(float[][] x, float[][] y) {
        return plainSquared(flatten("x", x), x.length, flatten("y", y), y.length);
    }

    /**
     * The plain V-statistic dCor²ₙ on flat row-major arrays.
     *
     * @param x n·p values, row after row
     * @param xRows n
     * @param y n·q values, row after row
     * @param yRows n (must equal {@code xRows})
     * @return dCor²ₙ in [0, 1]
     */
    public static double plainSquared(float[] x, int xRows, float[] y, int yRows) {
        int n = checkShapes(x, xRows, y, yRows);
        try (INDArray a = doubleCentered(distances(x, n)); INDArray b = doubleCentered(distances(y, n))) {
            return correlation(inner(a, b), inner(a, a), inner(b, b));
        }
    }

    private static double correlation(double xy, double xx, double yy) {
        double denominator = xx * yy;
        return xx > 0 && yy > 0 && denominator > 0 ? xy / Math.sqrt(denominator) : 0.0;
    }

    /** Pairwise Euclidean distances (n × n), zero diagonal: ‖xᵢ‖² + ‖xⱼ‖² − 2·xᵢ·xⱼ, clamped at 0. */
    private static INDArray distances(float[] values, int n) {
        int dims = values.length / n;
        double[] data = new double[values.length];
        for (int i = 0; i < data.length; i++) {
            data[i] = values[i];
        }
        try (INDArray rows = Nd4j.create(data, new long[] {n, dims}, DataType.DOUBLE)) {
            INDArray gram = rows.mmul(rows, MMulTranspose.builder().transposeB(true).build());
            double[] norms = new double[n];
            for (int i = 0; i < n; i++) {
                norms[i] = gram.getDouble(i, i);
            }
            try (INDArray column = Nd4j.create(norms, new long[] {n, 1}, DataType.DOUBLE);
                    INDArray row = Nd4j.create(norms, new long[] {1, n}, DataType.DOUBLE)) {
                gram.muli(-2.0).addiColumnVector(column).addiRowVector(row);
            }
            // gram now holds squared distances; rounding can leave tiny negatives, and a non-zero diagonal.
            double[] squared = gram.data().asDouble();
            gram.close();
            double[] d = new double[n * n];
            for (int i = 0; i < n; i++) {
                for (int j = 0; j < n; j++) {
                    // The average of (i, j) and (j, i) keeps the matrix exactly symmetric.
                    double s = i == j ? 0.0 : 0.5 * (squared[i * n + j] + squared[j * n + i]);
                    d[i * n + j] = s > 0 ? Math.sqrt(s) : 0.0;
                }
            }
            return Nd4j.create(d, new long[] {n, n}, DataType.DOUBLE);
        }
    }

    /**
     * U-centering, in place: Ãᵢⱼ = aᵢⱼ − aᵢ./(n−2) − a.ⱼ/(n−2) + a../((n−1)(n−2)) for i ≠ j, 0 on the diagonal.
     */
    private static INDArray uCentered(INDArray d) {
        long n = d.rows();
        try (INDArray rowSums = d.sum(true, 1); INDArray colSums = d.sum(true, 0)) {
            double total = rowSums.sumNumber().doubleValue();
            rowSums.divi(n - 2);
            colSums.divi(n - 2);
            d.subiColumnVector(rowSums).subiRowVector(colSums).addi(total / ((n - 1.0) * (n - 2.0)));
        }
        for (long i = 0; i < n; i++) {
            d.putScalar(i, i, 0.0);
        }
        return d;
    }

    /** Double centering, in place: Aᵢⱼ = aᵢⱼ − āᵢ. − ā.ⱼ + ā.. (means over n). */
    private static INDArray doubleCentered(INDArray d) {
        long n = d.rows();
        try (INDArray rowMeans = d.mean(true, 1); INDArray colMeans = d.mean(true, 0)) {
            double grand = rowMeans.meanNumber().doubleValue();
            d.subiColumnVector(rowMeans).subiRowVector(colMeans).addi(grand);
        }
        return d;
    }

    /**
     * Σᵢⱼ Aᵢⱼ Bᵢⱼ. The normalisations (1/(n(n−3)) for U-centered, 1/n² for double-centered matrices) cancel
     * in the correlation, so they are left out.
     */
    private static double inner(INDArray a, INDArray b) {
        try (INDArray product = a.mul(b)) {
            return product.sumNumber().doubleValue();
        }
    }

    private static int checkShapes(float[] x, int xRows, float[] y, int yRows) {
        if (x == null || y == null) {
            throw new IllegalArgumentException("distance correlation: both samples are required");
        }
        if (xRows != yRows) {
            throw new IllegalArgumentException(String.format(Locale.ROOT,
                    "distance correlation: samples must be paired, got %d rows of x and %d rows of y",
                    xRows, yRows));
        }
        int n = xRows;
        if (n < 4) {
            throw new IllegalArgumentException("distance correlation: n = " + n
                    + " rows; the bias-corrected (U-centered) estimator needs at least 4");
        }
        checkSample("x", x, n);
        checkSample("y", y, n);
        return n;
    }

    private static void checkSample(String name, float[] values, int n) {
        if (values.length == 0 || values.length % n != 0) {
            throw new IllegalArgumentException(String.format(Locale.ROOT,
                    "distance correlation: %s holds %d values, not a whole number of values per row for %d rows",
                    name, values.length, n));
        }
        for (int i = 0; i < values.length; i++) {
            if (!Float.isFinite(values[i])) {
                throw new IllegalArgumentException(String.format(Locale.ROOT,
                        "distance correlation: %s[%d] = %s (row %d): values must be finite",
                        name, i, values[i], i / (values.length / n)));
            }
        }
    }

    private static float[] flatten(String name, float[][] rows) {
        if (rows == null || rows.length == 0) {
            throw new IllegalArgumentException("distance correlation: " + name + " has no rows");
        }
        int dims = rows[0].length;
        float[] flat = new float[rows.length * dims];
        for (int i = 0; i < rows.length; i++) {
            if (rows[i].length != dims) {
                throw new IllegalArgumentException(String.format(Locale.ROOT,
                        "distance correlation: %s rows differ in length: row 0 has %d values, row %d has %d",
                        name, dims, i, rows[i].length));
            }
            System.arraycopy(rows[i], 0, flat, i * dims, dims);
        }
        return flat;
    }
}
