package dev.jobqueue.sample;

import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

import dev.jobqueue.JobQueueOperations;
import dev.jobqueue.JobRecord;
import dev.jobqueue.annotation.JobHandler;
import dev.jobqueue.scheduling.RecurringJob;
import dev.jobqueue.worker.JobContext;

import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.stereotype.Component;

/**
 * The demo's recurring job: on each tick of {@code sample.heartbeat-cron} one job of kind
 * {@code heartbeat} goes to the queue {@code heartbeat} (exactly once however many
 * instances of the demo run), and its result records the tick it stands for. Absent
 * unless the property is set, so the demo has no heartbeat queue by default.
 */
@Component
@ConditionalOnProperty("sample.heartbeat-cron")
class HeartbeatJobs {

	static final String QUEUE = "heartbeat";

	private final JobQueueOperations jobs;

	private final Clock clock = Clock.systemUTC();

	HeartbeatJobs(JobQueueOperations jobs) {
		this.jobs = jobs;
	}

	@JobHandler(queue = QUEUE, kind = "heartbeat", id = "demo-heartbeat")
	@RecurringJob(name = "heartbeat", cron = "${sample.heartbeat-cron}")
	Map<String, Object> beat(Map<String, Object> payload, JobContext job) {
		// the tick is stored with the job (scheduled_at_ms), not in its payload
		Instant tick = this.jobs.getJob(job.queue(), job.id()).map(JobRecord::scheduledAt).orElse(null);
		Instant ranAt = this.clock.instant();
		Map<String, Object> result = new LinkedHashMap<>();
		result.put("scheduled_at_ms", (tick != null) ? tick.toEpochMilli() : null);
		result.put("scheduled_at", (tick != null) ? tick.toString() : null);
		result.put("ran_at_ms", ranAt.toEpochMilli());
		return result;
	}

}
