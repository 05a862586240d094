/**
 * Local file-system helpers shared by every module: deleting a folder tree.
 */
package org.cutmixsl.common.io;
