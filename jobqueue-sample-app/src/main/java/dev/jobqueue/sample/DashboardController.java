package dev.jobqueue.sample;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import dev.jobqueue.JobQueueAdmin;
import dev.jobqueue.QueueSettings;
import dev.jobqueue.boot.JobQueueCatalog;
import dev.jobqueue.worker.JobQueueReclaimer;
import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * Routes the reference demo does not have, for what a Spring user adds to the page: which
 * Redis and settings are in use ({@code GET /about}), and the chart's samples and the
 * reclaimer's recent sweeps ({@code GET /activity}).
 */
@RestController
final class DashboardController {

	private final JobQueueAdmin jobs;

	private final StringRedisTemplate redis;

	private final StatsHistory history;

	private final ReclaimLog reclaimLog;

	private final RedisOrigin origin;

	private final String queue;

	private final boolean reclaimerEnabled;

	private final Duration reclaimInterval;

	private volatile @Nullable String redisVersion;

	DashboardController(JobQueueAdmin jobs, StringRedisTemplate redis, StatsHistory history, ReclaimLog reclaimLog,
			@Qualifier(RedisOrigin.BEAN_NAME) RedisOrigin origin, SampleProperties properties,
			ObjectProvider<JobQueueReclaimer> reclaimer, JobQueueCatalog catalog) {
		this.jobs = jobs;
		this.reclaimerEnabled = reclaimer.getIfAvailable() != null;
		this.reclaimInterval = catalog.getSettings().getReclaimInterval(properties.getQueue());
		this.redis = redis;
		this.history = history;
		this.reclaimLog = reclaimLog;
		this.origin = origin;
		this.queue = properties.getQueue();
	}

	@GetMapping("/about")
	Map<String, Object> about() {
		QueueSettings settings = this.jobs.settings(this.queue);
		Map<String, Object> redis = new LinkedHashMap<>();
		redis.put("host", this.origin.host());
		redis.put("port", this.origin.port());
		redis.put("embedded", this.origin.embedded());
		redis.put("note", this.origin.note());
		redis.put("version", redisVersion());
		Map<String, Object> body = new LinkedHashMap<>();
		body.put("queue", this.queue);
		Map<String, Object> keys = new LinkedHashMap<>();
		keys.put("pending", settings.keys().pending());
		keys.put("processing", settings.keys().processing());
		keys.put("completed", settings.keys().completed());
		keys.put("failed", settings.keys().failed());
		keys.put("job", settings.keys().jobPrefix() + "<id>");
		keys.put("events", settings.keys().events());
		body.put("keys", keys);
		body.put("visibility_ms", settings.visibilityTimeout().toMillis());
		body.put("max_attempts", settings.maxAttempts());
		body.put("redis", redis);
		body.put("reclaimer", reclaimer());
		return body;
	}

	@GetMapping("/activity")
	Map<String, Object> activity(@RequestParam(name = "since", defaultValue = "0") long since) {
		List<Map<String, Object>> samples = this.history.samples()
			.stream()
			.filter((sample) -> sample.atMs() > since)
			.map(DashboardController::sample)
			.toList();
		List<Map<String, Object>> sweeps = this.reclaimLog.recent().stream().map(DashboardController::sweep).toList();
		Map<String, Object> body = new LinkedHashMap<>();
		body.put("interval_ms", StatsHistory.INTERVAL.toMillis());
		body.put("samples", samples);
		body.put("reclaims", sweeps);
		body.put("automatic_reclaimed_total", this.reclaimLog.automaticReclaimed());
		return body;
	}

	private Map<String, Object> reclaimer() {
		Map<String, Object> reclaimer = new LinkedHashMap<>();
		reclaimer.put("enabled", this.reclaimerEnabled);
		reclaimer.put("interval_ms", this.reclaimInterval.toMillis());
		return reclaimer;
	}

	private @Nullable String redisVersion() {
		String version = this.redisVersion;
		if (version == null) {
			Properties info = this.redis.execute((connection) -> connection.serverCommands().info("server"), true);
			version = (info != null) ? info.getProperty("redis_version") : null;
			this.redisVersion = version;
		}
		return version;
	}

	private static Map<String, Object> sample(StatsHistory.Sample sample) {
		Map<String, Object> item = new LinkedHashMap<>();
		item.put("t", sample.atMs());
		item.put("completed_total", sample.completedTotal());
		item.put("failed_total", sample.failedTotal());
		item.put("reclaimed_total", sample.reclaimedTotal());
		item.put("pending_depth", sample.pendingDepth());
		item.put("processing_depth", sample.processingDepth());
		return item;
	}

	private static Map<String, Object> sweep(ReclaimLog.Sweep sweep) {
		Map<String, Object> item = new LinkedHashMap<>();
		item.put("at_ms", sweep.at().toEpochMilli());
		item.put("source", sweep.source());
		item.put("reclaimed", sweep.reclaimed());
		item.put("failed", sweep.failed());
		return item;
	}

}
