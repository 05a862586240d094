/**
 * Seeded random variates written out in plain Java (Gamma, normal, symmetric Dirichlet), so that a seed gives the
 * same numbers on every JVM; used by the mixing plan (model) and the clients' Dirichlet shares (data-prep).
 */
package org.cutmixsl.common.random;
