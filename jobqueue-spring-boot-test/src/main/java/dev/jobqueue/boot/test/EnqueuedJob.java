package dev.jobqueue.boot.test;

import java.lang.reflect.Type;
import java.time.Instant;

import dev.jobqueue.JobOptions;
import dev.jobqueue.JobPayloadConverter;
import org.jspecify.annotations.Nullable;

/**
 * A job that code under test enqueued through {@link CapturedJobs}, as it would have been
 * written to Redis.
 *
 * @param queue the queue name
 * @param id the job id (generated, or the caller's for enqueue-if-absent)
 * @param payload the payload object as passed to enqueue (null for a JSON null, and for
 * schedule ticks, which pass JSON text)
 * @param payloadJson the payload as the converter wrote it, the text a worker would read
 * @param options the options, {@link JobOptions#none()} when none were given
 * @param schedule the schedule name for a recurring tick, else null
 * @param enqueuedAt when it was captured
 * @param converter the converter that wrote the payload, to read it back
 */
public record EnqueuedJob(String queue, String id, @Nullable Object payload, String payloadJson, JobOptions options,
		@Nullable String schedule, Instant enqueuedAt, JobPayloadConverter converter) {

	/**
	 * Reads the payload JSON into a type, as a handler declaring that type would get it.
	 * @param <T> the type
	 * @param type the type
	 * @return the payload
	 */
	public <T> @Nullable T payloadAs(Type type) {
		return this.converter.read(this.payloadJson, type);
	}

	/**
	 * Reads the payload JSON into a class.
	 * @param <T> the type
	 * @param type the class
	 * @return the payload
	 */
	public <T> @Nullable T payloadAs(Class<T> type) {
		return this.converter.read(this.payloadJson, type);
	}

	@Override
	public String toString() {
		return "EnqueuedJob[queue=" + this.queue + ", id=" + this.id + ", payload=" + this.payloadJson
				+ ((this.schedule != null) ? ", schedule=" + this.schedule : "") + ", options=" + this.options + "]";
	}

}
