/**
 * Micrometer meters of jobqueue.
 */
@NullMarked
package dev.jobqueue.boot.metrics;

import org.jspecify.annotations.NullMarked;
