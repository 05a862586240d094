/**
 * Simulated clients: each client's link and device profile ({@code clients.link}: bandwidths, latency, compute
 * factor; numbers, seeded distributions or a CSV trace), and the simulated time of a step from its measured bytes
 * and task times. How a method's steps follow each other in time is the method's own ({@code SplitMethod}).
 */
package org.cutmixsl.spark.links;
