/**
 * Seeded random variates written out in plain Java (Gamma, normal, symmetric Dirichlet) and the one Fisher–Yates
 * shuffle ({@link org.cutmixsl.common.random.Shuffles}), so that a seed gives the same numbers on every JVM; used by
 * the mixing plan and the minibatch sampler (model), the clients' shares (data-prep), and the round's participants,
 * the evaluated clients and the attack's image sample (spark-jobs).
 */
package org.cutmixsl.common.random;
