package dev.jobqueue;

import java.util.ArrayList;
import java.util.List;

import org.springframework.data.redis.core.Cursor;
import org.springframework.data.redis.core.ScanOptions;
import org.springframework.data.redis.core.StringRedisTemplate;

/**
 * Deletes every key of a queue for {@link DefaultJobQueueAdmin#purge(String)}: its lists
 * in one call, then its group lists and job hashes found by SCAN, unlinked in batches of
 * {@value #SCAN_BATCH} so that no single command blocks Redis for long.
 */
final class QueuePurger {

	private static final int SCAN_BATCH = 500;

	private final StringRedisTemplate redis;

	QueuePurger(StringRedisTemplate redis) {
		this.redis = redis;
	}

	/**
	 * Purges a queue.
	 * @return the number of keys deleted
	 */
	long purge(QueueContext q) {
		Long lists = this.redis.delete(q.purgeKeys);
		long count = (lists != null) ? lists : 0;
		count += unlinkMatching(escapeGlob(q.keys.groupPending("")) + "*");
		count += unlinkMatching(escapeGlob(q.keys.groupActive("")) + "*");
		return count + unlinkMatching(escapeGlob(q.keys.jobPrefix()) + "*");
	}

	private long unlinkMatching(String pattern) {
		ScanOptions options = ScanOptions.scanOptions().match(pattern).count(SCAN_BATCH).build();
		List<String> batch = new ArrayList<>(SCAN_BATCH);
		long count = 0;
		try (Cursor<String> cursor = this.redis.scan(options)) {
			while (cursor.hasNext()) {
				batch.add(cursor.next());
				if (batch.size() == SCAN_BATCH) {
					count += unlink(batch);
				}
			}
		}
		return count + unlink(batch);
	}

	private long unlink(List<String> keys) {
		if (keys.isEmpty()) {
			return 0;
		}
		Long removed = this.redis.unlink(keys);
		keys.clear();
		return (removed != null) ? removed : 0;
	}

	/**
	 * Escapes the glob characters of SCAN MATCH, so a queue named {@code we*ird[q]}
	 * matches only its own keys.
	 * @param literal the text to match literally
	 * @return the pattern
	 */
	static String escapeGlob(String literal) {
		StringBuilder pattern = new StringBuilder(literal.length() + 8);
		for (char c : literal.toCharArray()) {
			if (c == '*' || c == '?' || c == '[' || c == ']' || c == '\\') {
				pattern.append('\\');
			}
			pattern.append(c);
		}
		return pattern.toString();
	}

}
