package dev.jobqueue.docs.core;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import dev.jobqueue.ClaimedJob;
import dev.jobqueue.JobQueueAdmin;
import dev.jobqueue.JobQueueClients;
import dev.jobqueue.JobQueueOperations;
import dev.jobqueue.JobWorkerProtocol;
import dev.jobqueue.JobRecord;
import dev.jobqueue.QueueStats;
import dev.jobqueue.ReclaimResult;

import org.springframework.data.redis.core.StringRedisTemplate;

/**
 * The queue used from code without Spring Boot, as {@code docs/core-api.md} shows it.
 */
public final class PlainQueueUsage {

	private final StringRedisTemplate stringRedisTemplate;

	/**
	 * Creates the example on a connected template.
	 * @param stringRedisTemplate a template on the Redis that holds the queue
	 */
	public PlainQueueUsage(StringRedisTemplate stringRedisTemplate) {
		this.stringRedisTemplate = stringRedisTemplate;
	}

	/**
	 * Enqueues jobs on the {@code jobs} queue, runs one, sweeps and reads its state.
	 * @param payloads more payloads to enqueue in one round trip
	 * @return the record of the first job enqueued, empty if its hash is gone
	 */
	public Optional<JobRecord> run(List<Map<String, Object>> payloads) {
		// tag::usage[]
		JobQueueClients clients = JobQueueClients.builder(stringRedisTemplate).build();
		JobQueueOperations jobs = clients.template(); // what applications call
		JobWorkerProtocol worker = clients.workerProtocol(); // what a worker speaks
		JobQueueAdmin admin = clients.admin(); // what operators call

		String id = jobs.enqueue("jobs", Map.of("kind", "email", "recipient", "alice@example.com"));
		List<String> ids = jobs.enqueueAll("jobs", payloads); // one round trip per 1000
																// jobs

		Optional<ClaimedJob> claimed = worker.claim("jobs", Duration.ofSeconds(1));
		claimed.ifPresent((job) -> {
			try {
				worker.complete(job, Map.of("sent", true)); // false if the claim was lost
			}
			catch (RuntimeException ex) {
				worker.fail(job, ex.toString()); // RETRIED, FAILED or REJECTED
			}
		});

		ReclaimResult swept = admin.reclaimStuck("jobs"); // run periodically
		QueueStats stats = admin.stats("jobs");
		Optional<JobRecord> record = jobs.getJob("jobs", id);
		clients.destroy(); // closes the connections kept for blocking claims
		// end::usage[]
		return record;
	}

}
