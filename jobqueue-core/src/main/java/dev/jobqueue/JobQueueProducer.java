package dev.jobqueue;

import java.lang.reflect.Type;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

import org.jspecify.annotations.Nullable;

/**
 * What application code needs to hand work to the queue: enqueue payloads and look jobs
 * up. A narrow view of {@link JobQueueOperations} without the worker's claim, complete
 * and fail.
 */
public final class JobQueueProducer {

	private final JobQueueOperations operations;

	private final JobPayloadConverter converter;

	/**
	 * Creates a producer.
	 * @param operations the queue operations
	 * @param converter the converter that reads stored results, usually the one the
	 * template writes with
	 */
	public JobQueueProducer(JobQueueOperations operations, JobPayloadConverter converter) {
		this.operations = operations;
		this.converter = converter;
	}

	/**
	 * Enqueues one job.
	 * @param queue the queue name
	 * @param payload the payload, written as JSON
	 * @return the new job's id
	 * @throws JobPayloadException if the payload cannot be serialized or is over the size
	 * limit
	 */
	public String enqueue(String queue, @Nullable Object payload) {
		return this.operations.enqueue(queue, payload);
	}

	/**
	 * Enqueues many jobs in as few round trips as possible; nothing is written if any
	 * payload cannot be serialized.
	 * @param queue the queue name
	 * @param payloads the payloads, in the order they should run
	 * @return the new ids in the order of the payloads; empty for no payloads
	 * @throws JobPayloadException if a payload cannot be serialized or is over the size
	 * limit
	 */
	public List<String> enqueueAll(String queue, Collection<?> payloads) {
		return this.operations.enqueueAll(queue, payloads);
	}

	/**
	 * Enqueues a job under an id of the caller's choosing unless that job still exists,
	 * so a producer that retries does not create a duplicate.
	 * @param queue the queue name
	 * @param jobId the id, not blank
	 * @param payload the payload
	 * @return true when enqueued, false when a job with this id already exists
	 */
	public boolean enqueueIfAbsent(String queue, String jobId, @Nullable Object payload) {
		return this.operations.enqueueIfAbsent(queue, jobId, payload);
	}

	/**
	 * Looks a job up.
	 * @param queue the queue name
	 * @param id the job id
	 * @return the job, or empty when it never existed or its finished-job TTL has passed
	 */
	public Optional<JobRecord> getJob(String queue, String id) {
		return this.operations.getJob(queue, id);
	}

	/**
	 * Reads the stored result of a completed job into a type.
	 * @param <T> the result type
	 * @param job a job from {@link #getJob}
	 * @param type the type to read the result JSON into
	 * @return the result, or empty when the job has no result (yet) or it is JSON null
	 * @throws JobPayloadException if the result does not fit the type
	 */
	public <T> Optional<T> getResult(JobRecord job, Type type) {
		String result = job.result();
		return (result != null) ? Optional.ofNullable(this.converter.<T>read(result, type)) : Optional.empty();
	}

}
