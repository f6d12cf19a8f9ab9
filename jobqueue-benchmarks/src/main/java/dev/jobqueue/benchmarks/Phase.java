package dev.jobqueue.benchmarks;

/**
 * One row of the benchmark: what is measured, with how many jobs and how much
 * concurrency.
 *
 * @param kind what the phase does
 * @param jobs the number of jobs
 * @param concurrency producers (enqueue) or worker slots (drain, latency)
 * @param rate jobs per second offered in a latency phase, 0 otherwise
 */
record Phase(Kind kind, int jobs, int concurrency, int rate) {

	String label() {
		return switch (this.kind) {
			case ENQUEUE_SINGLE -> "enqueue, one at a time";
			case ENQUEUE_CONCURRENT -> "enqueue, " + this.concurrency + " producers";
			case ENQUEUE_BATCH -> "enqueue, batches of 1000";
			case DRAIN -> "drain, concurrency " + this.concurrency;
			case LATENCY -> "latency at " + this.rate + " jobs/s, concurrency " + this.concurrency;
		};
	}

	/** The name of the phase for the BullMQ script. */
	String script() {
		return switch (this.kind) {
			case ENQUEUE_SINGLE -> "enqueue-single";
			case ENQUEUE_CONCURRENT -> "enqueue-concurrent";
			case ENQUEUE_BATCH -> "enqueue-batch";
			case DRAIN -> "drain";
			case LATENCY -> "latency";
		};
	}

	/**
	 * What a phase does.
	 */
	enum Kind {

		/** One producer, one job per call. */
		ENQUEUE_SINGLE,

		/** Several producers, one job per call. */
		ENQUEUE_CONCURRENT,

		/** One producer, 1000 jobs per call. */
		ENQUEUE_BATCH,

		/**
		 * Jobs enqueued beforehand, then drained by a worker pool with no-op handlers.
		 */
		DRAIN,

		/** A steady rate of single enqueues to idle workers. */
		LATENCY

	}

}
