package dev.jobqueue.sample;

import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.jobqueue.JobOptions;
import dev.jobqueue.JobQueueAdmin;
import dev.jobqueue.JobQueueOperations;
import dev.jobqueue.ReclaimResult;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.util.MultiValueMap;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The reference demo server's routes with the same form fields, defaults and JSON shapes,
 * so a script written against {@code demoServer.js} works against this app. Out-of-range
 * input gets a 400 (see {@link FormInput}) where the reference clamps.
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

	@PostMapping("/enqueue")
	Map<String, Object> enqueue(@RequestParam MultiValueMap<String, String> form) {
		FormInput input = new FormInput(form);
		String kind = input.kind();
		String recipient = input.recipient();
		int count = input.integer("count", 1, 1, 50);
		JobOptions options = JobOptions.priority(input.priority());
		String group = input.group();
		if (group != null) {
			options = options.withGroup(group);
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
		body.put("enqueued", this.producer.enqueueAll(this.queue, payloads, options));
		body.put("stats", stats());
		return body;
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
