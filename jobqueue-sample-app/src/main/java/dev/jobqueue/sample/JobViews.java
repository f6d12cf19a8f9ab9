package dev.jobqueue.sample;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import dev.jobqueue.FlowStatus;
import dev.jobqueue.JobQueueAdmin;
import dev.jobqueue.JobQueueOperations;
import dev.jobqueue.JobRecord;
import dev.jobqueue.JobState;
import dev.jobqueue.QueueStats;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.JsonNodeFactory;

/**
 * Builds the JSON bodies of {@code GET /jobs} and {@code GET /stats} in the reference
 * demo's shapes, field names and order, plus the delayed jobs ({@code delayed}, soonest
 * first, each with {@code run_at_ms}) and their number ({@code delayed_depth}).
 */
final class JobViews {

	/** Completed and failed show the newest ten, as in the reference. */
	static final int HISTORY_SHOWN = 10;

	/**
	 * The reference lists every pending and processing id; this cap keeps a page poll
	 * bounded when someone enqueues a million jobs from a script.
	 */
	static final int LIST_CAP = 1000;

	private final JobQueueOperations jobs;

	private final JobQueueAdmin admin;

	private final DemoStats stats;

	private final JsonMapper json;

	private final String queue;

	JobViews(JobQueueOperations jobs, JobQueueAdmin admin, DemoStats stats, JsonMapper json, String queue) {
		this.jobs = jobs;
		this.admin = admin;
		this.stats = stats;
		this.json = json;
		this.queue = queue;
	}

	Map<String, Object> jobs() {
		Map<String, Object> body = new LinkedHashMap<>();
		body.put("pending", list(JobState.PENDING, LIST_CAP));
		body.put("processing", list(JobState.PROCESSING, LIST_CAP));
		body.put("completed", list(JobState.COMPLETED, HISTORY_SHOWN));
		body.put("failed", list(JobState.FAILED, HISTORY_SHOWN));
		body.put("delayed", delayed());
		return body;
	}

	Map<String, Object> stats(SimulatedWork work, int workersRunning) {
		QueueStats stats = this.stats.read();
		Map<String, Object> body = new LinkedHashMap<>();
		body.put("enqueued_total", stats.enqueuedTotal());
		body.put("completed_total", stats.completedTotal());
		body.put("failed_total", stats.failedTotal());
		body.put("reclaimed_total", stats.reclaimedTotal());
		body.put("pending_depth", stats.pendingDepth());
		body.put("processing_depth", stats.processingDepth());
		body.put("completed_depth", stats.completedDepth());
		body.put("failed_depth", stats.failedDepth());
		body.put("delayed_depth", stats.delayedDepth());
		body.put("visibility_ms", stats.visibilityMs());
		body.put("workers_running", workersRunning);
		body.put("worker_processed_total", work.processed());
		body.put("work_latency_ms", work.latencyMs());
		body.put("fail_rate", work.failRate());
		body.put("hang_rate", work.hangRate());
		FlowStatus flow = this.admin.flowStatus(this.queue);
		body.put("paused", flow.paused());
		flow.levelDepths().forEach((level, depth) -> body.put(level + "_depth", depth));
		body.put("grouped_depth", flow.groupedDepth());
		return body;
	}

	private List<Map<String, Object>> list(JobState state, int limit) {
		List<Map<String, Object>> items = new ArrayList<>();
		for (String id : this.admin.listJobIds(this.queue, state, limit)) {
			items.add(summary(id, this.jobs.getJob(this.queue, id)));
		}
		return items;
	}

	/**
	 * The delayed jobs, soonest first, each with its due time; one round trip for the ids
	 * and their hashes.
	 */
	private List<Map<String, Object>> delayed() {
		List<Map<String, Object>> items = new ArrayList<>();
		for (JobRecord job : this.admin.listJobs(this.queue, JobState.DELAYED, LIST_CAP)) {
			Map<String, Object> item = summary(job.id(), job.fields().isEmpty() ? Optional.empty() : Optional.of(job));
			Instant runAt = job.runAt();
			item.put("run_at_ms", (runAt != null) ? runAt.toEpochMilli() : null);
			items.add(item);
		}
		return items;
	}

	private Map<String, Object> summary(String id, Optional<JobRecord> found) {
		Map<String, Object> item = new LinkedHashMap<>();
		JobRecord job = found.orElse(null);
		item.put("id", id);
		item.put("status", (job != null) ? job.status() : "unknown");
		item.put("attempts", (job != null) ? job.attempts() : 0);
		item.put("payload", payload((job != null) ? job.payload() : null));
		item.put("result", result((job != null) ? job.result() : null));
		item.put("last_error", (job != null) ? job.lastError() : null);
		String progress = (job != null) ? job.fields().get("progress") : null;
		if (progress != null) {
			item.put("progress", (int) Math.max(0, Math.min(100, parseProgress(progress))));
			String detail = job.fields().get("progress_detail");
			item.put("progress_detail", (detail != null) ? result(detail) : null);
		}
		return item;
	}

	private static long parseProgress(String value) {
		try {
			return Long.parseLong(value);
		}
		catch (NumberFormatException ex) {
			return 0;
		}
	}

	/**
	 * Like the reference: the parsed payload, or an empty object when it is missing or
	 * unreadable.
	 */
	private JsonNode payload(@Nullable String stored) {
		if (stored != null) {
			try {
				return this.json.readTree(stored);
			}
			catch (JacksonException ex) {
				// fall through to the reference's {}
			}
		}
		return JsonNodeFactory.instance.objectNode();
	}

	/**
	 * Like the reference: the parsed result, the raw text when it is not JSON, or null.
	 */
	private @Nullable Object result(@Nullable String stored) {
		if (stored == null) {
			return null;
		}
		try {
			return this.json.readTree(stored);
		}
		catch (JacksonException ex) {
			return stored;
		}
	}

}
