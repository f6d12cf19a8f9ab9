package dev.jobqueue.benchmarks;

import java.util.concurrent.locks.LockSupport;

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

	/** Over how many seconds the due times of a lateness phase are spread. */
	static final int LATENESS_SPAN_SECONDS = 10;

	/** How long after the start of a lateness phase its first job is due, ms. */
	static final int LATENESS_LEAD_MILLIS = 3000;

	String label() {
		String what = switch (this.kind) {
			case ENQUEUE_SINGLE -> "enqueue, one at a time";
			case ENQUEUE_CONCURRENT -> "enqueue, " + this.concurrency + " producers";
			case ENQUEUE_BATCH -> "enqueue, batches of 1000";
			case DRAIN -> "drain, concurrency " + this.concurrency;
			case LATENCY -> "latency at " + this.rate + " jobs/s, concurrency " + this.concurrency;
			case DELAYED_LATENESS ->
				"delayed, " + this.jobs + " due over " + LATENESS_SPAN_SECONDS + " s, concurrency " + this.concurrency;
			case DELAYED_PROMOTION -> "delayed, promotion of " + this.jobs + " due jobs";
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
			case DELAYED_LATENESS -> "delayed-lateness";
			case DELAYED_PROMOTION -> "delayed-promotion";
		};
	}

	/** Whether the phase measures a rate of jobs (the throughput table). */
	boolean hasRate() {
		return this.kind != Kind.LATENCY && this.kind != Kind.DELAYED_LATENESS;
	}

	/** Whether the phase measures per-job latencies. */
	boolean hasLatencies() {
		return this.kind == Kind.LATENCY || this.kind == Kind.DELAYED_LATENESS;
	}

	/**
	 * Waits until job {@code seq} of a latency phase is due: the phase offers its jobs at
	 * its rate per second from {@code startNanos} ({@link System#nanoTime()}).
	 */
	void awaitDue(long startNanos, int seq) {
		long due = startNanos + seq * 1_000_000_000L / this.rate;
		long wait;
		while ((wait = due - System.nanoTime()) > 0) {
			// Not Thread.sleep(0, nanos), which returns at once below half a
			// millisecond: a busy spin.
			LockSupport.parkNanos(wait);
		}
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
		LATENCY,

		/**
		 * Delayed jobs due one after the other over {@link #LATENESS_SPAN_SECONDS} to
		 * idle workers: due to handler start per job.
		 */
		DELAYED_LATENESS,

		/**
		 * Delayed jobs all due at one instant: memory per delayed job, and how fast they
		 * reach pending once due (no worker runs).
		 */
		DELAYED_PROMOTION

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
		 * The realistic application with jobqueue's observations on
		 * ({@code jobqueue.producer.observation-enabled} and
		 * {@code jobqueue.worker.observation-enabled}): an observation, and so a timer,
		 * per enqueue call and per handler run. No tracer: the cost of observing, not of
		 * exporting spans.
		 */
		OBSERVED("realistic app, observations on"),

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
