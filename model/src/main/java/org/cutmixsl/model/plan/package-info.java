/**
 * The mixing plan of a round: which clients form a group and which patches each member keeps (SPEC section 2).
 * A pure, seeded function of (seed, round, participants, batch size, patch grid, configuration).
 */
package org.cutmixsl.model.plan;
