package dev.jobqueue.worker;

import java.nio.charset.StandardCharsets;
import java.time.Duration;

import dev.jobqueue.JobPayloadConverter;
import dev.jobqueue.JobQueueException;
import dev.jobqueue.JobWorkerProtocol;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

/**
 * The link between a running job's {@link JobContext} and its worker: whether the job was
 * cancelled, and its throttled progress reports.
 */
final class JobControl {

	/** The least time between two progress writes of one job. */
	static final Duration PROGRESS_INTERVAL = Duration.ofMillis(250);

	static final int MAX_DETAIL_BYTES = 1024;

	private static final Log logger = LogFactory.getLog(JobControl.class);

	private final InFlightJob entry;

	private final JobWorkerProtocol operations;

	private final JobPayloadConverter converter;

	private long lastWriteNanos;

	private boolean written;

	private int heldPercent = -1;

	private @Nullable String heldDetail;

	JobControl(InFlightJob entry, JobWorkerProtocol operations, JobPayloadConverter converter) {
		this.entry = entry;
		this.operations = operations;
		this.converter = converter;
	}

	boolean isCancelled() {
		return this.entry.cancelled;
	}

	void reportProgress(int percent, @Nullable Object detail) {
		String json = null;
		if (detail != null) {
			json = this.converter.write(detail);
			int bytes = json.getBytes(StandardCharsets.UTF_8).length;
			if (bytes > MAX_DETAIL_BYTES) {
				throw new IllegalArgumentException("progress detail must be at most " + MAX_DETAIL_BYTES
						+ " bytes as JSON, was " + bytes + " bytes");
			}
		}
		synchronized (this) {
			long now = System.nanoTime();
			if (this.written && now - this.lastWriteNanos < PROGRESS_INTERVAL.toNanos()) {
				this.heldPercent = percent;
				this.heldDetail = json;
				return;
			}
			this.heldPercent = -1;
			this.heldDetail = null;
			write(percent, json, now);
		}
	}

	/**
	 * Writes the newest held report, if any and if the interval has passed: called by the
	 * lease extension, so a last report before a long quiet step is not lost.
	 */
	synchronized void flush() {
		long now = System.nanoTime();
		if (this.heldPercent >= 0 && now - this.lastWriteNanos >= PROGRESS_INTERVAL.toNanos()) {
			int percent = this.heldPercent;
			String json = this.heldDetail;
			this.heldPercent = -1;
			this.heldDetail = null;
			write(percent, json, now);
		}
	}

	private void write(int percent, @Nullable String json, long now) {
		this.written = true;
		this.lastWriteNanos = now;
		if (this.entry.cancelled || this.entry.lost || this.entry.finishing) {
			return;
		}
		try {
			this.operations.reportProgress(this.entry.job, percent, json);
		}
		catch (JobQueueException ex) {
			logger.debug("Progress of job " + this.entry.job.id() + " not recorded: " + ex.getMessage());
		}
	}

}
