package dev.jobqueue.sample;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.jobqueue.JobQueueOperations;
import dev.jobqueue.JobRecord;
import dev.jobqueue.annotation.JobHandler;
import dev.jobqueue.worker.JobContext;
import tools.jackson.databind.JsonNode;

import org.springframework.stereotype.Component;

/**
 * The demo's workers: one {@code @JobHandler} per kind of job on the demo's queue, each
 * doing the {@link SimulatedWork}. They do not start with the application; the page
 * starts, resizes and stops them through {@link DemoWorkerPool}.
 * <p>
 * A failing job throws, so the starter retries it until its last attempt. A hanging job
 * plays a crashed worker: it neither returns nor throws until the reclaimer has taken the
 * job away (this is why the demo turns {@code jobqueue.worker.lease-extension} off: a
 * crashed worker extends no lease), and its late result is then rejected by the claim
 * token, as the log shows.
 */
@Component
class DemoJobHandlers {

	private static final Pattern WORKER_NAME = Pattern.compile("(worker-\\d+)$");

	private static final Duration HANG_CHECK = Duration.ofMillis(100);

	private final SimulatedWork work;

	private final JobQueueOperations jobs;

	DemoJobHandlers(SimulatedWork work, JobQueueOperations jobs) {
		this.work = work;
		this.jobs = jobs;
	}

	@JobHandler(queue = "${sample.queue:jobs}", kind = "email", id = "demo-email", autoStartup = "false",
			interruptOnCancel = true)
	Map<String, Object> email(JsonNode payload, JobContext job) throws InterruptedException {
		return run(payload, job);
	}

	@JobHandler(queue = "${sample.queue:jobs}", kind = "webhook", id = "demo-webhook", autoStartup = "false",
			interruptOnCancel = true)
	Map<String, Object> webhook(JsonNode payload, JobContext job) throws InterruptedException {
		return run(payload, job);
	}

	@JobHandler(queue = "${sample.queue:jobs}", kind = "thumbnail", id = "demo-thumbnail", autoStartup = "false",
			interruptOnCancel = true)
	Map<String, Object> thumbnail(JsonNode payload, JobContext job) throws InterruptedException {
		return run(payload, job);
	}

	@JobHandler(queue = "${sample.queue:jobs}", kind = "invoice", id = "demo-invoice", autoStartup = "false",
			interruptOnCancel = true)
	Map<String, Object> invoice(JsonNode payload, JobContext job) throws InterruptedException {
		return run(payload, job);
	}

	private Map<String, Object> run(JsonNode payload, JobContext job) throws InterruptedException {
		String worker = workerName();
		SimulatedWork.Outcome outcome = this.work.roll();
		if (!this.work.work(job)) {
			// cancelled from the page: the job is recorded as cancelled already
			job.throwIfCancelled();
		}
		return switch (outcome) {
			case HANG -> hang(worker, payload, job);
			case FAIL -> throw new SimulatedFailureException(this.work.failureMessage(worker));
			case COMPLETE -> this.work.complete(worker, payload, job.attempt());
		};
	}

	/**
	 * Blocks while this attempt still holds the job, that is until a sweep returns it to
	 * pending (or fails it on its last attempt), the queue is reset, or shutdown
	 * interrupts the worker.
	 */
	private Map<String, Object> hang(String worker, JsonNode payload, JobContext job) throws InterruptedException {
		while (stillHeld(job) && !job.isCancelled()) {
			Thread.sleep(HANG_CHECK.toMillis());
		}
		return Map.of("worker", worker, "echo", payload, "attempts", job.attempt(), "late", true);
	}

	private boolean stillHeld(JobContext job) {
		Optional<JobRecord> record = this.jobs.getJob(job.queue(), job.id());
		return record.isPresent() && "processing".equals(record.get().status())
				&& record.get().attempts() == job.attempt();
	}

	static String workerName() {
		String thread = Thread.currentThread().getName();
		Matcher matcher = WORKER_NAME.matcher(thread);
		return matcher.find() ? matcher.group(1) : thread;
	}

}
