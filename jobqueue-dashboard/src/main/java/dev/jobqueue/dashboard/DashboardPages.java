package dev.jobqueue.dashboard;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.List;

import dev.jobqueue.JobState;
import dev.jobqueue.QueueKeys;
import dev.jobqueue.dashboard.DashboardOperations.Page;
import dev.jobqueue.dashboard.DashboardOperations.Row;
import org.jspecify.annotations.Nullable;

import org.springframework.data.redis.core.StringRedisTemplate;

/**
 * The paged list reads of {@link DashboardOperations}, which the queue API does not
 * offer: one page of a state's list and the summary fields of its jobs, read from the key
 * layout in pipelines.
 */
final class DashboardPages {

	static final List<String> ROW_FIELDS = List.of("status", "attempts", "last_error", "enqueued_at_ms",
			"claimed_at_ms", "completed_at_ms", "last_error_at_ms", "reclaimed_at_ms", "run_at_ms");

	/**
	 * Index in {@link #ROW_FIELDS} of the due time, after the fields of the last change.
	 */
	private static final int RUN_AT = 8;

	private final StringRedisTemplate redis;

	DashboardPages(StringRedisTemplate redis) {
		this.redis = redis;
	}

	@SuppressWarnings("unchecked")
	Page page(String queue, QueueKeys keys, JobState state, int page, int size) {
		long start = (long) page * size;
		long end = start + size - 1;
		if (state == JobState.DELAYED) {
			List<Object> listed = Pipelines.read(this.redis, (redis) -> {
				redis.opsForZSet().zCard(keys.delayed());
				redis.opsForZSet().range(keys.delayed(), start, end);
			});
			long total = (listed.get(0) != null) ? (Long) listed.get(0) : 0;
			Collection<String> ids = (listed.get(1) != null) ? (Collection<String>) listed.get(1) : List.of();
			return new Page(queue, state, page, size, total, rows(keys, new ArrayList<>(ids)));
		}
		String list = keys.lists().get(state.ordinal());
		List<Object> listed = Pipelines.read(this.redis, (redis) -> {
			redis.opsForList().size(list);
			if (state == JobState.PENDING) {
				redis.opsForList().range(list, -end - 1, -start - 1);
			}
			else {
				redis.opsForList().range(list, start, end);
			}
		});
		long total = (listed.get(0) != null) ? (Long) listed.get(0) : 0;
		List<String> ids = new ArrayList<>((List<String>) listed.get(1));
		if (state == JobState.PENDING) {
			Collections.reverse(ids);
		}
		return new Page(queue, state, page, size, total, rows(keys, ids));
	}

	@SuppressWarnings("unchecked")
	private List<Row> rows(QueueKeys keys, List<String> ids) {
		if (ids.isEmpty()) {
			return List.of();
		}
		List<Object> fields = List.copyOf(ROW_FIELDS);
		List<Object> values = Pipelines.read(this.redis,
				(redis) -> ids.forEach((id) -> redis.opsForHash().multiGet(keys.job(id), fields)));
		List<Row> rows = new ArrayList<>(ids.size());
		for (int i = 0; i < ids.size(); i++) {
			rows.add(row(ids.get(i), (List<@Nullable String>) values.get(i)));
		}
		return rows;
	}

	private static Row row(String id, List<@Nullable String> values) {
		if (values.stream().allMatch((value) -> value == null)) {
			return new Row(id, "missing", 0, null, 0, 0, 0);
		}
		String error = values.get(2);
		if (error != null && error.length() > 300) {
			error = error.substring(0, 300) + "…";
		}
		long updated = 0;
		for (int i = 4; i < RUN_AT; i++) {
			updated = Math.max(updated, number(values.get(i)));
		}
		String status = values.get(0);
		return new Row(id, (status != null) ? status : "unknown", number(values.get(1)), error, number(values.get(3)),
				updated, number(values.get(RUN_AT)));
	}

	/**
	 * Reads a stored number, such as a time in epoch ms.
	 * @return the number, or 0 when it is missing or not a number
	 */
	static long number(@Nullable String value) {
		if (value == null || value.isEmpty()) {
			return 0;
		}
		try {
			return (long) Double.parseDouble(value);
		}
		catch (NumberFormatException ex) {
			return 0;
		}
	}

}
