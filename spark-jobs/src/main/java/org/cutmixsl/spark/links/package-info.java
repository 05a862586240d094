/**
 * Simulated clients: each client's link and device profile ({@code clients.link}: bandwidths, latency, compute
 * factor; numbers, seeded distributions or a CSV trace), and the simulated time of a step from its measured bytes
 * and task times. How a method's steps follow each other in time is the method's own ({@code SplitMethod}). The
 * uploads' deadline ({@code clients.deadlineSeconds}, {@link org.cutmixsl.spark.links.Deadline}) is judged on the
 * same links, from measured bytes only.
 */
package org.cutmixsl.spark.links;
