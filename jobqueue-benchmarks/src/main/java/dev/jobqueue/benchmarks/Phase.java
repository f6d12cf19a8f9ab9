package dev.jobqueue.benchmarks;

/**
 * One row of the benchmark: what is measured, with how many jobs and how much
 * concurrency, and which configuration of the jobqueue application runs it (BullMQ runs
 * the same row in the same run, so every row has its own BullMQ figures).
 *
 * @param kind what the phase does
 * @param jobs the number of jobs
 * @param concurrency producers (enqueue) or worker slots (drain, latency)
 * @param rate jobs per second offered in a latency phase, 0 otherwise
 * @param app the configuration of the jobqueue application
 */
record Phase(Kind kind, int jobs, int concurrency, int rate, App app) {

	String label() {
		String what = switch (this.kind) {
			case ENQUEUE_SINGLE -> "enqueue, one at a time";
			case ENQUEUE_CONCURRENT -> "enqueue, " + this.concurrency + " producers";
			case ENQUEUE_BATCH -> "enqueue, batches of 1000";
			case DRAIN -> "drain, concurrency " + this.concurrency;
			case LATENCY -> "latency at " + this.rate + " jobs/s, concurrency " + this.concurrency;
		};
		return what + ", " + this.app.label();
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

	Phase withJobs(int jobs) {
		return new Phase(this.kind, jobs, this.concurrency, this.rate, this.app);
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
		 * Jobs enqueued beforehand, then drained by a worker pool.
		 */
		DRAIN,

		/** A steady rate of single enqueues to idle workers. */
		LATENCY

	}

	/**
	 * How the jobqueue application is configured.
	 */
	enum App {

		/**
		 * As the README tells users: actuator, a Prometheus meter registry, Boot's
		 * default observations (Lettuce command observation included), a record payload
		 * and a handler that returns a result; warmed by one uncounted round of the same
		 * phase.
		 */
		REALISTIC("realistic app"),

		/**
		 * The realistic application in a fresh JVM: the first jobs it ever runs (drain
		 * phases only).
		 */
		COLD("realistic app, cold JVM"),

		/**
		 * No actuator, no meter registry, no observation, a no-op handler that takes no
		 * arguments (enqueues on a bare connection factory): the harness before the
		 * realistic application existed.
		 */
		STRIPPED("stripped app");

		private final String label;

		App(String label) {
			this.label = label;
		}

		String label() {
			return this.label;
		}

	}

}
