package dev.jobqueue.sample;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.LongAdder;

import dev.jobqueue.worker.JobContext;
import org.jspecify.annotations.Nullable;

/**
 * The work the demo's workers pretend to do, with the knobs the page turns at run time:
 * how long a job takes and how often it fails or hangs. As in the reference, the dice are
 * rolled before the work starts, so a failing or hanging job still takes the full
 * latency.
 */
final class SimulatedWork {

	/** What a worker does with a job after the latency. */
	enum Outcome {

		/** Complete the job with a result. */
		COMPLETE,

		/** Fail the job with "&lt;worker&gt; simulated failure". */
		FAIL,

		/**
		 * Neither complete nor fail it, as a crashed worker would; the reclaimer returns
		 * it.
		 */
		HANG

	}

	static final long DEFAULT_LATENCY_MS = 400;

	static final int PROGRESS_STEPS = 10;

	private volatile long latencyMs = DEFAULT_LATENCY_MS;

	private volatile double failRate;

	private volatile double hangRate;

	private final LongAdder processed = new LongAdder();

	/**
	 * Changes the knobs that are given; null leaves one as it is.
	 * @param latencyMs work time in milliseconds, at least 0
	 * @param failRate share of jobs that fail, 0 to 1
	 * @param hangRate share of jobs that hang, 0 to 1
	 */
	void configure(@Nullable Long latencyMs, @Nullable Double failRate, @Nullable Double hangRate) {
		if (latencyMs != null) {
			this.latencyMs = Math.max(0, latencyMs);
		}
		if (failRate != null) {
			this.failRate = clampRate(failRate);
		}
		if (hangRate != null) {
			this.hangRate = clampRate(hangRate);
		}
	}

	Outcome roll() {
		double roll = ThreadLocalRandom.current().nextDouble();
		double hang = this.hangRate;
		if (roll < hang) {
			return Outcome.HANG;
		}
		if (roll < hang + this.failRate) {
			return Outcome.FAIL;
		}
		return Outcome.COMPLETE;
	}

	/**
	 * Sleeps for the configured latency in ten steps, reporting the progress after each
	 * and stopping early when the job is cancelled.
	 * @param job the running job
	 * @return false when the job was cancelled before the work was done
	 * @throws InterruptedException if the worker is interrupted while working
	 */
	boolean work(JobContext job) throws InterruptedException {
		long millis = this.latencyMs;
		for (int step = 1; step <= PROGRESS_STEPS; step++) {
			if (job.isCancelled()) {
				return false;
			}
			if (millis > 0) {
				Thread.sleep(millis / PROGRESS_STEPS + ((step <= millis % PROGRESS_STEPS) ? 1 : 0));
			}
			job.reportProgress(step * 100 / PROGRESS_STEPS, Map.of("step", step, "of", PROGRESS_STEPS));
		}
		return !job.isCancelled();
	}

	String failureMessage(String worker) {
		return worker + " simulated failure";
	}

	/**
	 * Counts a completion and builds the reference's result.
	 * @param worker the worker name
	 * @param payload the job's payload
	 * @param attempts the job's attempts
	 * @return {@code {worker, echo, attempts}}
	 */
	Map<String, Object> complete(String worker, @Nullable Object payload, int attempts) {
		this.processed.increment();
		Map<String, Object> result = new LinkedHashMap<>();
		result.put("worker", worker);
		result.put("echo", payload);
		result.put("attempts", attempts);
		return result;
	}

	long latencyMs() {
		return this.latencyMs;
	}

	double failRate() {
		return this.failRate;
	}

	double hangRate() {
		return this.hangRate;
	}

	long processed() {
		return this.processed.sum();
	}

	void resetProcessed() {
		this.processed.reset();
	}

	private static double clampRate(double rate) {
		return Double.isNaN(rate) ? 0 : Math.max(0, Math.min(1, rate));
	}

}
