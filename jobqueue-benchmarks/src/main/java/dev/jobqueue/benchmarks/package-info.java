/**
 * A side-by-side benchmark of jobqueue and BullMQ on one private Redis.
 */
@NullMarked
package dev.jobqueue.benchmarks;

import org.jspecify.annotations.NullMarked;
