/**
 * Auto-configuration for jobqueue: the queue template, {@code @JobHandler} workers, the
 * reclaimer and the {@code jobqueue.*} properties.
 */
@NullMarked
package dev.jobqueue.autoconfigure;

import org.jspecify.annotations.NullMarked;
