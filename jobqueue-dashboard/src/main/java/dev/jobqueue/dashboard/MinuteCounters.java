package dev.jobqueue.dashboard;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.function.Function;

import dev.jobqueue.QueueKeys;
import org.jspecify.annotations.Nullable;

import org.springframework.data.redis.core.StringRedisTemplate;

/**
 * Reads the fleet-wide per-minute counters of the last hour. A minute that has ended no
 * longer changes once the next one is under way, so it is read once and kept: a refresh
 * reads two minutes per queue, whatever the length of the chart.
 */
public final class MinuteCounters {

	/** Minutes in a chart. */
	public static final int MINUTES = 60;

	static final List<Object> FIELDS = List.of("completed", "failed", "retried", "reclaimed");

	private final StringRedisTemplate redis;

	private final Function<String, QueueKeys> keys;

	private final Clock clock;

	private final Map<String, ConcurrentSkipListMap<Long, long[]>> finished = new ConcurrentHashMap<>();

	/**
	 * Creates the reader.
	 * @param redis the template
	 * @param keys the key layout of each queue
	 * @param clock the clock that says which minute it is
	 */
	public MinuteCounters(StringRedisTemplate redis, Function<String, QueueKeys> keys, Clock clock) {
		this.redis = redis;
		this.keys = keys;
		this.clock = clock;
	}

	/**
	 * Returns the last hour of a queue, oldest minute first; minutes without a key count
	 * zero.
	 * @param queue the queue name
	 * @return the series
	 */
	@SuppressWarnings("unchecked")
	public Series lastHour(String queue) {
		long now = this.clock.millis() / 60_000;
		long first = now - MINUTES + 1;
		ConcurrentSkipListMap<Long, long[]> cache = this.finished.computeIfAbsent(queue,
				(name) -> new ConcurrentSkipListMap<>());
		cache.headMap(first).clear();
		List<Long> toRead = new ArrayList<>();
		for (long minute = first; minute <= now; minute++) {
			// The minute before this one may still get a late write from a script that
			// started before the boundary, so it is read again as well.
			if (minute >= now - 1 || !cache.containsKey(minute)) {
				toRead.add(minute);
			}
		}
		QueueKeys queueKeys = this.keys.apply(queue);
		List<Object> values = Pipelines.read(this.redis,
				(redis) -> toRead.forEach((minute) -> redis.opsForHash().multiGet(queueKeys.counts(minute), FIELDS)));
		long[] current = new long[FIELDS.size()];
		for (int i = 0; i < toRead.size(); i++) {
			long minute = toRead.get(i);
			long[] counts = counts((List<@Nullable String>) values.get(i));
			if (minute < now) {
				cache.put(minute, counts);
			}
			else {
				current = counts;
			}
		}
		return series(first, cache, now, current);
	}

	private static Series series(long first, Map<Long, long[]> cache, long now, long[] current) {
		int size = (int) (now - first + 1);
		long[][] columns = new long[FIELDS.size()][size];
		for (long minute = first; minute <= now; minute++) {
			long[] counts = (minute == now) ? current : cache.getOrDefault(minute, new long[FIELDS.size()]);
			for (int field = 0; field < FIELDS.size(); field++) {
				columns[field][(int) (minute - first)] = counts[field];
			}
		}
		return new Series(first * 60_000, columns[0], columns[1], columns[2], columns[3]);
	}

	private static long[] counts(List<@Nullable String> values) {
		long[] counts = new long[FIELDS.size()];
		for (int i = 0; i < FIELDS.size() && i < values.size(); i++) {
			counts[i] = DashboardPages.number(values.get(i));
		}
		return counts;
	}

	/**
	 * Per-minute counts of one queue across every instance, oldest minute first.
	 *
	 * @param startMs the first minute, epoch milliseconds
	 * @param completed jobs completed in each minute
	 * @param failed jobs failed for good in each minute
	 * @param retried failures sent back for another attempt in each minute
	 * @param reclaimed stale jobs returned to pending in each minute
	 */
	public record Series(long startMs, long[] completed, long[] failed, long[] retried, long[] reclaimed) {
	}

}
