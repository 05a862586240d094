/**
 * Reading raw image datasets (IDX for MNIST and Fashion-MNIST, the CIFAR-10 binary format) into
 * {@link org.cutmixsl.data.source.LabeledImages}, with every header, size and label checked.
 */
package org.cutmixsl.data.source;
