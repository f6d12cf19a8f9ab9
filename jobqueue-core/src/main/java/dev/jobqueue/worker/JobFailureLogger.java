package dev.jobqueue.worker;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

/**
 * Logs the failed attempts of one queue's jobs: a retried attempt at WARN, a failure for
 * good at ERROR, each with its stack trace, as Spring Kafka's error handler logs failed
 * deliveries. A hot failure loop does not flood the log: per kind of failure (outcome,
 * exception type and the line that threw) the trace is written once a minute, up to
 * {@value #LINES_PER_WINDOW} lines a minute are written in all, and the next line after a
 * quiet stretch says how many were left out.
 */
final class JobFailureLogger {

	static final int LINES_PER_WINDOW = 10;

	private static final long WINDOW_NANOS = TimeUnit.MINUTES.toNanos(1);

	private static final int MAX_KINDS = 256;

	private final Log logger;

	private final LongSupplier nanoTime;

	private final Map<String, Window> windows = new ConcurrentHashMap<>();

	JobFailureLogger() {
		this(LogFactory.getLog(JobExecutor.class), System::nanoTime);
	}

	JobFailureLogger(Log logger, LongSupplier nanoTime) {
		this.logger = logger;
		this.nanoTime = nanoTime;
	}

	/**
	 * Logs an attempt that goes back to pending.
	 * @param message what happened, without the exception
	 * @param exception what the handler threw
	 */
	void retried(String message, @Nullable Throwable exception) {
		log(false, message, exception);
	}

	/**
	 * Logs a job that failed for good.
	 * @param message what happened, without the exception
	 * @param exception what the handler threw, or null when no handler ran (unreadable
	 * payload, no handler for it)
	 */
	void failed(String message, @Nullable Throwable exception) {
		log(true, message, exception);
	}

	private void log(boolean error, String message, @Nullable Throwable exception) {
		if (!(error ? this.logger.isErrorEnabled() : this.logger.isWarnEnabled())) {
			return;
		}
		String kind = (error ? "failed " : "retried ") + signature(message, exception);
		if (this.windows.size() > MAX_KINDS) {
			this.windows.clear();
		}
		Window window = this.windows.computeIfAbsent(kind, (key) -> new Window());
		Line line = window.next(this.nanoTime.getAsLong());
		if (line.skip) {
			return;
		}
		String text = message + ((line.skipped > 0)
				? " (" + line.skipped + " similar failures were not logged in the last minute)" : "");
		Throwable trace = line.trace ? exception : null;
		if (trace == null && exception != null) {
			text = text + " (stack trace logged within the last minute)";
		}
		if (error) {
			this.logger.error(text, trace);
		}
		else {
			this.logger.warn(text, trace);
		}
	}

	private static String signature(String message, @Nullable Throwable exception) {
		if (exception == null) {
			// no exception: the message names the reason (kind, type) without the job id
			int idEnd = message.indexOf(": ");
			return (idEnd >= 0) ? message.substring(idEnd) : message;
		}
		StackTraceElement[] frames = exception.getStackTrace();
		return exception.getClass().getName() + "@" + ((frames.length > 0) ? frames[0] : "?");
	}

	private static final class Window {

		private long start;

		private boolean started;

		private int lines;

		private long skipped;

		private long lastTraceAt;

		private boolean traced;

		synchronized Line next(long now) {
			if (!this.started || now - this.start >= WINDOW_NANOS) {
				long previouslySkipped = this.skipped;
				this.started = true;
				this.start = now;
				this.lines = 0;
				this.skipped = 0;
				return take(now, previouslySkipped);
			}
			if (this.lines >= LINES_PER_WINDOW) {
				this.skipped++;
				return Line.SKIP;
			}
			return take(now, 0);
		}

		private Line take(long now, long skippedBefore) {
			this.lines++;
			boolean trace = !this.traced || now - this.lastTraceAt >= WINDOW_NANOS;
			if (trace) {
				this.traced = true;
				this.lastTraceAt = now;
			}
			return new Line(false, trace, skippedBefore);
		}

	}

	private record Line(boolean skip, boolean trace, long skipped) {

		static final Line SKIP = new Line(true, false, 0);

	}

}
