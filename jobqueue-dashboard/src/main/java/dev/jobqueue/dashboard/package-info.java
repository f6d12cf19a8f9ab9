/**
 * A web console for jobqueue: queues, jobs, fleet throughput and guarded actions.
 */
@NullMarked
package dev.jobqueue.dashboard;

import org.jspecify.annotations.NullMarked;
