package dev.jobqueue.reliability;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.jobqueue.QueueKeys;

import org.springframework.data.redis.core.RedisCallback;
import org.springframework.data.redis.core.StringRedisTemplate;

/**
 * What happened to every job a test enqueued: its final status in Redis and, where
 * workers record them, its executions. The figures the reliability tests assert and print
 * come from here.
 *
 * @param statuses the status field of each job's hash, {@code "missing"} when the hash is
 * gone
 * @param reclaimed how many jobs carry {@code reclaimed_at_ms} (a sweep returned them at
 * least once)
 * @param executions the worker (pid or name) of each execution, per job id, in order
 */
record JobLedger(Map<String, String> statuses, int reclaimed, Map<String, List<String>> executions) {

	/**
	 * Reads the status of each job and the executions recorded in a list of
	 * {@code "<id> <worker>"} entries.
	 * @param redis the template
	 * @param keys the queue's keys
	 * @param ids the jobs
	 * @param runsKey the list of executions, or null when executions are counted
	 * elsewhere
	 * @return the ledger
	 */
	static JobLedger read(StringRedisTemplate redis, QueueKeys keys, Collection<String> ids, String runsKey) {
		List<String> order = List.copyOf(ids);
		List<Object> replies = redis.executePipelined((RedisCallback<Object>) (connection) -> {
			for (String id : order) {
				connection.hashCommands()
					.hMGet(keys.job(id).getBytes(StandardCharsets.UTF_8), "status".getBytes(StandardCharsets.UTF_8),
							"reclaimed_at_ms".getBytes(StandardCharsets.UTF_8));
			}
			return null;
		});
		Map<String, String> statuses = new LinkedHashMap<>();
		int reclaimed = 0;
		for (int i = 0; i < order.size(); i++) {
			List<?> fields = (List<?>) replies.get(i);
			statuses.put(order.get(i), (fields.get(0) != null) ? (String) fields.get(0) : "missing");
			if (fields.get(1) != null) {
				reclaimed++;
			}
		}
		Map<String, List<String>> executions = new HashMap<>();
		if (runsKey != null) {
			for (String entry : redis.opsForList().range(runsKey, 0, -1)) {
				String[] parts = entry.split(" ");
				executions.computeIfAbsent(parts[0], (id) -> new ArrayList<>()).add(parts[1]);
			}
		}
		return new JobLedger(statuses, reclaimed, executions);
	}

	/**
	 * Builds a ledger from executions counted in the test's own JVM.
	 * @param redis the template
	 * @param keys the queue's keys
	 * @param ids the jobs
	 * @param executions the executions per job
	 * @return the ledger
	 */
	static JobLedger read(StringRedisTemplate redis, QueueKeys keys, Collection<String> ids,
			Map<String, List<String>> executions) {
		JobLedger fromRedis = read(redis, keys, ids, (String) null);
		return new JobLedger(fromRedis.statuses(), fromRedis.reclaimed(), executions);
	}

	/**
	 * @return jobs that did not end completed: failed, still pending or processing, or
	 * gone
	 */
	List<String> notCompleted() {
		return this.statuses.entrySet()
			.stream()
			.filter((e) -> !"completed".equals(e.getValue()))
			.map(Map.Entry::getKey)
			.toList();
	}

	/**
	 * Describes where each job that did not complete sits, for a failing assertion's
	 * message: its hash and the lists and sets that hold its id.
	 * @param redis the template
	 * @param keys the queue's keys
	 * @return one line per job that did not complete
	 */
	String describeNotCompleted(StringRedisTemplate redis, QueueKeys keys) {
		StringBuilder out = new StringBuilder();
		for (String id : notCompleted()) {
			out.append(id).append(": hash ").append(redis.opsForHash().entries(keys.job(id)));
			for (String list : List.of(keys.pending(), keys.processing(), keys.failed(), keys.completed(),
					keys.cancelled())) {
				Long index = redis.opsForList().indexOf(list, id);
				if (index != null) {
					out.append(", in ").append(list).append(" at ").append(index);
				}
			}
			Double due = redis.opsForZSet().score(keys.delayed(), id);
			if (due != null) {
				out.append(", delayed until ").append(due.longValue());
			}
			Double lease = redis.opsForZSet().score(keys.leases(), id);
			if (lease != null) {
				out.append(", lease until ").append(lease.longValue());
			}
			out.append(", executions ").append(this.executions.get(id)).append('\n');
		}
		return out.toString();
	}

	/**
	 * @return how many jobs never ran
	 */
	long neverRun() {
		return this.statuses.keySet().stream().filter((id) -> !this.executions.containsKey(id)).count();
	}

	/**
	 * @return executions beyond the first, summed over the jobs
	 */
	int duplicates() {
		return this.executions.values().stream().mapToInt((runs) -> runs.size() - 1).sum();
	}

	/**
	 * @return the jobs that ran more than once
	 */
	Map<String, List<String>> duplicated() {
		Map<String, List<String>> duplicated = new LinkedHashMap<>();
		this.executions.forEach((id, runs) -> {
			if (runs.size() > 1) {
				duplicated.put(id, runs);
			}
		});
		return duplicated;
	}

}
