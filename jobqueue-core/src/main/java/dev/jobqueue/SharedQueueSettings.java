package dev.jobqueue;

import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.dao.DataAccessException;
import org.springframework.data.redis.core.StringRedisTemplate;

/**
 * Publishes the settings that instances sharing a queue should agree on to the queue's
 * small settings hash ({@code queue:Q:settings}), and warns when another instance wrote
 * different ones. Each instance checks once per queue, when it first claims or sweeps
 * there, so producers that never work a queue stay silent. Leases belong to the job, so a
 * disagreement no longer lets one instance sweep another's running jobs, but max attempts
 * and the finished-job TTL are applied by whichever instance fails or sweeps a job.
 */
final class SharedQueueSettings {

	private static final Log logger = LogFactory.getLog(SharedQueueSettings.class);

	static final String WRITTEN_BY = "written_by";

	private final StringRedisTemplate redis;

	private final String instance;

	private final Set<String> checked = ConcurrentHashMap.newKeySet();

	SharedQueueSettings(StringRedisTemplate redis) {
		this.redis = redis;
		this.instance = ManagementFactory.getRuntimeMXBean().getName();
	}

	/**
	 * Checks and publishes a queue's settings the first time it is called for that queue;
	 * a Redis failure is logged and the check is tried again next time.
	 * @param settings this instance's settings of the queue
	 */
	void checkOnce(QueueSettings settings) {
		if (this.checked.add(settings.name())) {
			try {
				List<String> differences = check(settings);
				if (!differences.isEmpty()) {
					logger.warn("Queue '" + settings.name() + "' is configured differently by another instance: "
							+ String.join("; ", differences) + ". Each job's lease is its claimant's, so sweeps "
							+ "honour it, but max-attempts and finished-ttl are applied by whichever instance "
							+ "fails or sweeps a job: configure every instance of a queue alike");
				}
			}
			catch (DataAccessException ex) {
				this.checked.remove(settings.name());
				logger.debug("Could not compare the settings of queue '" + settings.name() + "'", ex);
			}
		}
	}

	/**
	 * Compares this instance's settings with the published ones and publishes its own.
	 * @param settings this instance's settings of the queue
	 * @return one sentence per setting that differs, empty when none does or nothing was
	 * published yet
	 */
	List<String> check(QueueSettings settings) {
		String key = settings.keys().settings();
		Map<String, String> ours = fields(settings);
		Map<Object, Object> theirs = this.redis.opsForHash().entries(key);
		List<String> differences = new ArrayList<>();
		Object writer = theirs.getOrDefault(WRITTEN_BY, "an unknown instance");
		ours.forEach((field, value) -> {
			Object other = theirs.get(field);
			if (other != null && !Objects.equals(other, value)) {
				differences.add(field + " " + other + " at " + writer + ", " + value + " here");
			}
		});
		Map<String, String> published = new LinkedHashMap<>(ours);
		published.put(WRITTEN_BY, this.instance);
		this.redis.opsForHash().putAll(key, published);
		return differences;
	}

	private static Map<String, String> fields(QueueSettings settings) {
		Map<String, String> fields = new LinkedHashMap<>();
		fields.put("visibility_timeout_ms", String.valueOf(settings.visibilityTimeout().toMillis()));
		fields.put("max_attempts", String.valueOf(settings.maxAttempts()));
		fields.put("finished_ttl_s", String.valueOf(settings.finishedTtl().toSeconds()));
		fields.put("history_size", String.valueOf(settings.historySize()));
		return fields;
	}

}
