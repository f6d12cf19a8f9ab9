/**
 * Micrometer meters of jobqueue.
 */
@NullMarked
package dev.jobqueue.autoconfigure.metrics;

import org.jspecify.annotations.NullMarked;
