package org.cutmixsl.model.plan;

/**
 * The grid of patches an image is cut into: {@code rows × cols} patches, numbered row-major
 * (patch {@code r * cols + c}), as the ViT's patch embedding numbers them.
 *
 * @param rows patch rows (image height / patch size), at least 1
 * @param cols patch columns (image width / patch size), at least 1
 */
public record PatchGrid(int rows, int cols) implements java.io.Serializable {

    public PatchGrid {
        if (rows < 1 || cols < 1) {
            throw new IllegalArgumentException("patch grid must have at least one row and one column, got " + rows + "x" + cols);
        }
        if ((long) rows * cols > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("patch grid " + rows + "x" + cols + " has more than Integer.MAX_VALUE patches");
        }
    }

    /** The grid of an image of {@code height × width} pixels cut into {@code patch × patch} patches. */
    public static PatchGrid of(int height, int width, int patch) {
        if (patch < 1 || height % patch != 0 || width % patch != 0) {
            throw new IllegalArgumentException("image " + height + "x" + width + " cannot be cut into " + patch + "x" + patch + " patches");
        }
        return new PatchGrid(height / patch, width / patch);
    }

    /** P, the number of patches. */
    public int patchCount() {
        return rows * cols;
    }

    @Override
    public String toString() {
        return rows + "x" + cols;
    }
}
