/**
 * Worker containers that claim jobs of one queue and run them through {@code @JobHandler}
 * methods, the registry that owns them, and the reclaimer that sweeps stale jobs.
 */
@NullMarked
package dev.jobqueue.worker;

import org.jspecify.annotations.NullMarked;
