/**
 * Auto-configuration for the jobqueue meters.
 */
@NullMarked
package dev.jobqueue.autoconfigure.metrics;

import org.jspecify.annotations.NullMarked;
