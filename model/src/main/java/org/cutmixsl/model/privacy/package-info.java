/**
 * What the server could learn from what it receives (SPEC section 6): distance correlation between images and
 * received smashed data, the reconstruction attack's inversion decoder and its image-quality scores and PNG grid,
 * and the Rényi-DP accountant of DP-CutMixSL's Gaussian mechanism. Model-level only: no Spark here.
 */
package org.cutmixsl.model.privacy;
