package dev.jobqueue;

import java.time.Duration;
import java.time.Instant;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

import org.springframework.util.Assert;

/**
 * A job a worker holds: what it needs to run the job and to complete or fail it.
 *
 * @param queue the queue name
 * @param id the job id
 * @param claimToken the fresh token of this claim; complete and fail succeed only with it
 * @param attempts the number of claims so far, this one included
 * @param payload the payload JSON exactly as stored; always valid JSON
 * @param enqueuedAt when the job was enqueued, or null if the producer did not record it
 * @param claimedAt when this claim was made (the worker's clock)
 * @param payloadTree the payload as parsed once by the claim that checked it, which
 * workers route on and convert from instead of parsing the text again; null for a job
 * built without it
 * @param timeout how long each attempt may run, when the job was enqueued with a timeout;
 * null otherwise
 * @param traceparent the W3C trace context of the enqueue (the job's {@code traceparent}
 * field), when the producer observed it with tracing on; null otherwise
 */
public record ClaimedJob(String queue, String id, String claimToken, int attempts, String payload,
		@Nullable Instant enqueuedAt, Instant claimedAt, @Nullable JsonNode payloadTree, @Nullable Duration timeout,
		@Nullable String traceparent) {

	/**
	 * Creates the job. An empty token is refused here already: in the reference's scripts
	 * it would complete or fail an unclaimed job (its edge case 9.1).
	 * @param queue see the record description
	 * @param id see the record description
	 * @param claimToken see the record description
	 * @param attempts see the record description
	 * @param payload see the record description
	 * @param enqueuedAt see the record description
	 * @param claimedAt see the record description
	 * @param payloadTree see the record description
	 * @param timeout see the record description
	 * @param traceparent see the record description
	 * @throws IllegalArgumentException if the queue, id or claim token is blank
	 */
	public ClaimedJob {
		Assert.hasText(queue, "queue must not be blank");
		Assert.hasText(id, "id must not be blank");
		Assert.hasText(claimToken, "claimToken must not be blank");
	}

	/**
	 * Creates the job without a trace context.
	 * @param queue see the record description
	 * @param id see the record description
	 * @param claimToken see the record description
	 * @param attempts see the record description
	 * @param payload see the record description
	 * @param enqueuedAt see the record description
	 * @param claimedAt see the record description
	 * @param payloadTree see the record description
	 * @param timeout see the record description
	 * @throws IllegalArgumentException if the queue, id or claim token is blank
	 */
	public ClaimedJob(String queue, String id, String claimToken, int attempts, String payload,
			@Nullable Instant enqueuedAt, Instant claimedAt, @Nullable JsonNode payloadTree,
			@Nullable Duration timeout) {
		this(queue, id, claimToken, attempts, payload, enqueuedAt, claimedAt, payloadTree, timeout, null);
	}

	/**
	 * Creates the job without a parsed payload; a worker parses it when it runs it.
	 * @param queue see the record description
	 * @param id see the record description
	 * @param claimToken see the record description
	 * @param attempts see the record description
	 * @param payload see the record description
	 * @param enqueuedAt see the record description
	 * @param claimedAt see the record description
	 * @throws IllegalArgumentException if the queue, id or claim token is blank
	 */
	public ClaimedJob(String queue, String id, String claimToken, int attempts, String payload,
			@Nullable Instant enqueuedAt, Instant claimedAt) {
		this(queue, id, claimToken, attempts, payload, enqueuedAt, claimedAt, null, null, null);
	}

	/**
	 * Returns a copy with the payload as parsed once, for the worker that runs it.
	 * @param tree the parsed payload
	 * @return the job with its payload tree
	 */
	public ClaimedJob withPayloadTree(JsonNode tree) {
		return new ClaimedJob(this.queue, this.id, this.claimToken, this.attempts, this.payload, this.enqueuedAt,
				this.claimedAt, tree, this.timeout, this.traceparent);
	}

	@Override
	public String toString() {
		return "ClaimedJob[queue=" + this.queue + ", id=" + this.id + ", attempts=" + this.attempts + "]";
	}

}
