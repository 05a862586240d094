/**
 * Files shared by every module: {@link org.cutmixsl.common.io.Location}, the one way a path a user gives is read and
 * written (local, HDFS, S3A, through Hadoop's FileSystem), and deleting or copying a local folder tree.
 */
package org.cutmixsl.common.io;
