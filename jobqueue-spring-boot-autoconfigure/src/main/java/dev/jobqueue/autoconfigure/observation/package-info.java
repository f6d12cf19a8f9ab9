/**
 * Auto-configuration for observing enqueues and handler runs with Micrometer, and for the
 * MDC of worker threads.
 */
@NullMarked
package dev.jobqueue.autoconfigure.observation;

import org.jspecify.annotations.NullMarked;
