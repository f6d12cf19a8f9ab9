package dev.jobqueue.sample;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeoutException;

import dev.jobqueue.JobCancellation;
import dev.jobqueue.JobOptions;
import dev.jobqueue.JobOutcomeException;
import dev.jobqueue.JobQueueAdmin;
import dev.jobqueue.JobQueueOperations;
import dev.jobqueue.JobResultFuture;
import dev.jobqueue.ReclaimResult;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.util.MultiValueMap;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The reference demo server's routes with the same form fields, defaults and JSON shapes,
 * so a script written against {@code demoServer.js} works against this app. Out-of-range
 * input gets a 400 (see {@link FormInput}) where the reference clamps. Beyond the
 * reference: {@code POST /enqueue} takes {@code delay_ms}, and {@code GET /jobs} and
 * {@code GET /stats} show the delayed jobs.
 */
@RestController
final class DemoController {

	private final JobQueueAdmin admin;

	private final JobQueueOperations producer;

	private final DemoWorkerPool pool;

	private final SimulatedWork work;

	private final ReclaimLog reclaimLog;

	private final DemoStats stats;

	private final JobViews views;

	private final String queue;

	/** The longest {@code delay_ms} of an enqueue: one day. */
	static final int MAX_DELAY_MS = 86_400_000;

	private final Clock clock = Clock.systemUTC();

	DemoController(JobQueueAdmin admin, JobQueueOperations producer, DemoWorkerPool pool, SimulatedWork work,
			ReclaimLog reclaimLog, DemoStats stats, JsonMapper json, SampleProperties properties) {
		this.admin = admin;
		this.producer = producer;
		this.pool = pool;
		this.work = work;
		this.reclaimLog = reclaimLog;
		this.queue = properties.getQueue();
		this.stats = stats;
		this.views = new JobViews(producer, admin, stats, json, this.queue);
	}

	@GetMapping("/jobs")
	Map<String, Object> jobs() {
		return this.views.jobs();
	}

	@GetMapping("/stats")
	Map<String, Object> stats() {
		return this.views.stats(this.work, this.pool.running());
	}

	/**
	 * Enqueues {@code count} jobs; with {@code wait_ms} (and a count of 1) the answer
	 * waits for the job: 200 with its id, status and result when it finishes in time (a
	 * failed or cancelled job with its {@code last_error}), 202 with its id when the time
	 * runs out. The wait holds no request thread.
	 */
	@PostMapping("/enqueue")
	Object enqueue(@RequestParam MultiValueMap<String, String> form) {
		FormInput input = new FormInput(form);
		String kind = input.kind();
		String recipient = input.recipient();
		int count = input.integer("count", 1, 1, 50);
		int delayMs = input.integer("delay_ms", 0, 0, MAX_DELAY_MS);
		JobOptions options = JobOptions.priority(input.priority());
		String group = input.group();
		if (group != null) {
			options = options.withGroup(group);
		}
		if (delayMs > 0) {
			options = options.withDelay(Duration.ofMillis(delayMs));
		}
		int waitMs = input.integer("wait_ms", 0, 0, 60_000);
		if (waitMs > 0) {
			if (count != 1) {
				throw new InvalidInputException("wait_ms", "wait_ms needs count 1, got count " + count);
			}
			Map<String, Object> payload = new LinkedHashMap<>();
			payload.put("kind", kind);
			payload.put("recipient", recipient);
			payload.put("n", 1);
			return waitFor(this.producer.enqueueAndWait(this.queue, payload, options, Object.class,
					Duration.ofMillis(waitMs)));
		}
		List<Map<String, Object>> payloads = new ArrayList<>(count);
		for (int n = 1; n <= count; n++) {
			Map<String, Object> payload = new LinkedHashMap<>();
			payload.put("kind", kind);
			payload.put("recipient", recipient);
			payload.put("n", n);
			payloads.add(payload);
		}
		Map<String, Object> body = new LinkedHashMap<>();
		// no option: the reference's plain job, byte for byte; a delay waits in the
		// delayed set
		body.put("enqueued", this.producer.enqueueAll(this.queue, payloads, options));
		body.put("stats", stats());
		return body;
	}

	private CompletableFuture<ResponseEntity<Map<String, Object>>> waitFor(JobResultFuture<Object> future) {
		return future.handle((result, failure) -> {
			Throwable cause = (failure instanceof CompletionException) ? failure.getCause() : failure;
			Map<String, Object> body = new LinkedHashMap<>();
			body.put("id", future.getJobId());
			if (cause instanceof TimeoutException) {
				body.put("status",
						this.producer.getJob(this.queue, future.getJobId())
							.map((job) -> job.status())
							.orElse("unknown"));
				return ResponseEntity.status(HttpStatus.ACCEPTED).body(body);
			}
			if (cause instanceof JobOutcomeException outcome) {
				body.put("status", outcome.getStatus());
				body.put("result", null);
				body.put("last_error", outcome.getLastError());
				return ResponseEntity.ok(body);
			}
			if (cause != null) {
				body.put("error", String.valueOf(cause.getMessage()));
				return ResponseEntity.status(HttpStatus.INTERNAL_SERVER_ERROR).body(body);
			}
			body.put("status", "completed");
			body.put("result", result);
			return ResponseEntity.ok(body);
		});
	}

	/**
	 * Cancels a job: 200 when cancelled (pending, delayed or running), 409 when it had
	 * already finished, 404 when there is no such job.
	 */
	@PostMapping("/jobs/cancel")
	ResponseEntity<Map<String, Object>> cancel(@RequestParam MultiValueMap<String, String> form) {
		String id = form.getFirst("id");
		if (id == null || id.isBlank()) {
			throw new InvalidInputException("id", "id must name a job");
		}
		JobCancellation cancellation = this.producer.cancel(this.queue, id.trim(), "cancelled from the demo page");
		Map<String, Object> body = new LinkedHashMap<>();
		body.put("id", cancellation.id());
		body.put("outcome", cancellation.outcome().name().toLowerCase(java.util.Locale.ROOT));
		body.put("previous_status", cancellation.previousStatus());
		HttpStatus status = switch (cancellation.outcome()) {
			case CANCELLED, CANCELLED_RUNNING -> HttpStatus.OK;
			case ALREADY_FINISHED -> {
				body.put("error", "job " + id.trim() + " already " + cancellation.previousStatus());
				yield HttpStatus.CONFLICT;
			}
			case NOT_FOUND -> {
				body.put("error", "no job " + id.trim() + " (never enqueued, or finished and expired)");
				yield HttpStatus.NOT_FOUND;
			}
		};
		return ResponseEntity.status(status).body(body);
	}

	@PostMapping("/workers/start")
	Map<String, Object> startWorkers(@RequestParam MultiValueMap<String, String> form) {
		FormInput input = new FormInput(form);
		int size = input.integer("size", 2, 0, 8);
		long latency = input.integer("work_latency_ms", 400, 0, 60_000);
		double failRate = input.rate("fail_rate", 0);
		double hangRate = input.rate("hang_rate", 0);
		this.work.configure(latency, failRate, hangRate);
		this.pool.resize(size);
		this.pool.startWorkers();
		return stats();
	}

	@PostMapping("/workers/stop")
	Map<String, Object> stopWorkers() {
		this.pool.stopWorkers();
		return stats();
	}

	@PostMapping("/workers/configure")
	Map<String, Object> configureWorkers(@RequestParam MultiValueMap<String, String> form) {
		FormInput input = new FormInput(form);
		Long latency = input.has("work_latency_ms") ? (long) input.integer("work_latency_ms", 0, 0, 60_000) : null;
		Double failRate = input.has("fail_rate") ? input.rate("fail_rate", 0) : null;
		Double hangRate = input.has("hang_rate") ? input.rate("hang_rate", 0) : null;
		this.work.configure(latency, failRate, hangRate);
		return stats();
	}

	@PostMapping("/queue/pause")
	Map<String, Object> pause() {
		this.admin.pause(this.queue);
		return stats();
	}

	@PostMapping("/queue/resume")
	Map<String, Object> resume() {
		this.admin.resume(this.queue);
		return stats();
	}

	@PostMapping("/reclaim")
	Map<String, Object> reclaim() {
		ReclaimResult result = this.admin.reclaimStuck(this.queue);
		this.reclaimLog.record("manual", result, this.clock.instant());
		Map<String, Object> body = new LinkedHashMap<>();
		body.put("reclaimed", result.reclaimed());
		body.put("failed", result.failed());
		body.put("stats", stats());
		return body;
	}

	@PostMapping("/reset")
	Map<String, Object> reset() {
		// The reference waits a fixed 100 ms; waiting for the workers' current jobs is
		// exact.
		this.pool.stopAndWait();
		this.admin.purge(this.queue);
		this.stats.resetTotals();
		this.work.resetProcessed();
		this.reclaimLog.clear();
		return Map.of("stats", stats());
	}

}
