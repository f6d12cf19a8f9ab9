package dev.jobqueue.worker;

import java.util.Map;

import dev.jobqueue.JobWorkerProtocol;
import org.jspecify.annotations.Nullable;

/**
 * Brings the cancels of a queue's running jobs to their workers: while the container runs
 * it listens on the queue's cancel channel, and a cancel of a job running here marks it
 * cancelled and interrupts its thread when its handler allows it. Started and stopped
 * under the container's lifecycle lock.
 */
final class JobCancelListener {

	private final String queue;

	private final JobWorkerProtocol operations;

	private final Map<String, InFlightJob> inFlight;

	private @Nullable Runnable subscription;

	JobCancelListener(String queue, JobWorkerProtocol operations, Map<String, InFlightJob> inFlight) {
		this.queue = queue;
		this.operations = operations;
		this.inFlight = inFlight;
	}

	/**
	 * Starts listening; a start of the workers calls it before the first claim.
	 */
	void listen() {
		this.subscription = this.operations.listenForCancellations(this.queue, this::cancelled);
	}

	/**
	 * Hands over the subscription for a stop, which ends it only once the running jobs
	 * are drained, so that they still get their cancels meanwhile.
	 * @return what stops listening, or null when not listening
	 */
	@Nullable Runnable detach() {
		Runnable listening = this.subscription;
		this.subscription = null;
		return listening;
	}

	private void cancelled(String id) {
		InFlightJob entry = this.inFlight.get(id);
		if (entry != null) {
			cancel(entry);
		}
	}

	/**
	 * Tells a running job that it was cancelled, interrupting its thread when its handler
	 * allows it.
	 * @param entry the job
	 */
	static void cancel(InFlightJob entry) {
		entry.cancelled = true;
		if (entry.interruptOnCancel && !entry.finishing) {
			synchronized (entry) {
				// finishing is set under the same lock: no interrupt reaches a worker
				// that
				// records an outcome, which may carry other workers' completions too
				Thread thread = entry.finishing ? null : entry.thread;
				if (thread != null) {
					thread.interrupt();
				}
			}
		}
	}

}
