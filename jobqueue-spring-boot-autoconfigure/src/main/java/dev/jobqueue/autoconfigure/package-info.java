/**
 * Auto-configuration for jobqueue: wires the queue template, {@code @JobHandler} workers
 * and the reclaimer from the {@code jobqueue.*} properties; the library classes it wires
 * live in {@code dev.jobqueue.boot} and core.
 */
@NullMarked
package dev.jobqueue.autoconfigure;

import org.jspecify.annotations.NullMarked;
