package dev.jobqueue.worker;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

import org.apache.commons.logging.Log;

/**
 * Logs the Redis failures of one repeating task (a queue's claim loop, lease extension or
 * sweep) so that an outage costs a few lines instead of one stack trace per try: one WARN
 * line when the task starts failing (its stack trace at DEBUG), a short summary every
 * {@link #SUMMARY_INTERVAL} while it keeps failing, and one INFO line when it works
 * again.
 */
final class RedisOutageLog {

	static final Duration SUMMARY_INTERVAL = Duration.ofSeconds(30);

	private final Log logger;

	private final String task;

	private final LongSupplier nanoTime;

	private boolean failing;

	private long since;

	private long lastSummary;

	private long failures;

	private long failuresSinceSummary;

	/**
	 * Creates the log of one task.
	 * @param logger where to write
	 * @param task what fails, for messages such as "Claiming from queue 'q'"
	 */
	RedisOutageLog(Log logger, String task) {
		this(logger, task, System::nanoTime);
	}

	RedisOutageLog(Log logger, String task, LongSupplier nanoTime) {
		this.logger = logger;
		this.task = task;
		this.nanoTime = nanoTime;
	}

	/**
	 * Records a failed try.
	 * @param ex what it threw
	 * @param retry what happens next, for example "trying again in 200 ms"
	 */
	synchronized void failed(RuntimeException ex, String retry) {
		long now = this.nanoTime.getAsLong();
		this.failures++;
		this.failuresSinceSummary++;
		if (!this.failing) {
			this.failing = true;
			this.since = now;
			this.lastSummary = now;
			this.failuresSinceSummary = 0;
			this.logger.warn(this.task + " failed: " + describe(ex) + "; " + retry
					+ " (further failures are summarised every " + SUMMARY_INTERVAL.toSeconds() + " s until it works)");
			if (this.logger.isDebugEnabled()) {
				this.logger.debug(this.task + " failed", ex);
			}
			return;
		}
		if (now - this.lastSummary >= SUMMARY_INTERVAL.toNanos()) {
			this.logger.warn(this.task + " still failing after " + seconds(now - this.since) + " s: "
					+ this.failuresSinceSummary + " failed tries since the last report, the latest: " + describe(ex));
			this.lastSummary = now;
			this.failuresSinceSummary = 0;
		}
	}

	/**
	 * Records a successful try; logs the recovery if the task was failing.
	 */
	synchronized void succeeded() {
		if (!this.failing) {
			return;
		}
		this.logger.info(this.task + " works again after " + seconds(this.nanoTime.getAsLong() - this.since) + " s and "
				+ this.failures + " failed tries");
		this.failing = false;
		this.failures = 0;
		this.failuresSinceSummary = 0;
	}

	private static String seconds(long nanos) {
		return String.format(java.util.Locale.ROOT, "%.1f", nanos / (double) TimeUnit.SECONDS.toNanos(1));
	}

	private static String describe(Throwable ex) {
		StringBuilder text = new StringBuilder(ex.getClass().getSimpleName() + ": " + ex.getMessage());
		Throwable cause = ex.getCause();
		for (int depth = 0; cause != null && cause != ex && depth < 4; depth++) {
			text.append(" <- ").append(cause.getClass().getSimpleName()).append(": ").append(cause.getMessage());
			ex = cause;
			cause = cause.getCause();
		}
		return text.toString();
	}

}
