package org.cutmixsl.data.dataset;

/**
 * One Parquet file of the training split and the contiguous range of clients it holds. Rows inside are sorted by
 * client id, then sample id, so a reader that wants a few clients opens only the files whose range covers them.
 *
 * @param file file name inside the split's directory
 * @param firstClient lowest client id in the file
 * @param lastClient highest client id in the file
 * @param rows number of rows
 */
public record ClientRangeFile(String file, int firstClient, int lastClient, long rows) {
}
