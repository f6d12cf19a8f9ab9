package dev.jobqueue;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.ToIntFunction;

import org.springframework.util.Assert;

/**
 * How a sharded queue spreads over Redis Cluster: one logical queue {@code Q} with
 * {@code S > 1} shards is {@code S} ordinary hash-tagged sub-queues, each with the
 * reference's layout under its own name, whose hash tags fall in {@code S} equal ranges
 * of the 16,384 slots, so a cluster whose primaries split the slots evenly (as
 * {@code redis-cli --cluster create} does) serves them on different primaries.
 * <p>
 * Sub-queue {@code i} of {@code S} is named {@code Q#i-k}: {@code k} is the smallest
 * non-negative integer for which {@code CRC16(Q#i-k) mod 16384} (the Redis Cluster key
 * slot of its keys {@code queue:{Q#i-k}:…}) lies in the middle half of the range
 * {@code [i·16384/S, (i+1)·16384/S)}, so a primary boundary a few slots off the exact
 * split cannot move it. A job lives in sub-queue {@code CRC16(id) mod S}, for generated
 * ids as for the caller's: every look-up, wait, cancel and admin call by id goes to one
 * sub-queue, with no search.
 */
public final class QueueShards {

	/** The most sub-queues one logical queue may have. */
	public static final int MAX_SHARDS = 1024;

	/** The number of Redis Cluster hash slots. */
	public static final int SLOTS = 16384;

	private static final QueueShards NONE = new QueueShards((queue) -> 1);

	private final ToIntFunction<String> shards;

	private final Map<String, List<String>> subQueues = new ConcurrentHashMap<>();

	/**
	 * Creates the shards of every queue.
	 * @param shards the number of sub-queues of a queue by name, 1 for an ordinary queue
	 */
	public QueueShards(ToIntFunction<String> shards) {
		Assert.notNull(shards, "shards must not be null");
		this.shards = shards;
	}

	/**
	 * Returns shards where every queue is an ordinary queue.
	 * @return the shards
	 */
	public static QueueShards none() {
		return NONE;
	}

	/**
	 * Whether a queue is spread over more than one sub-queue.
	 * @param queue the queue name
	 * @return true when sharded
	 */
	public boolean isSharded(String queue) {
		return subQueues(queue).size() > 1;
	}

	/**
	 * Returns the queues that hold a logical queue's jobs.
	 * @param queue the queue name
	 * @return its sub-queue names, in shard order; the queue itself when not sharded
	 */
	public List<String> subQueues(String queue) {
		List<String> known = this.subQueues.get(queue);
		if (known != null) {
			return known;
		}
		int count = this.shards.applyAsInt(queue);
		List<String> names = (count > 1) ? subQueueNames(queue, count) : List.of(queue);
		// only sharded names are kept, so a look-up of any name cannot grow the map
		if (count > 1) {
			this.subQueues.putIfAbsent(queue, names);
		}
		return names;
	}

	/**
	 * Returns the queue that holds (or will hold) the job with an id.
	 * @param queue the logical queue name
	 * @param id the job id
	 * @return the sub-queue name, or the queue itself when not sharded
	 */
	public String route(String queue, String id) {
		List<String> names = subQueues(queue);
		return (names.size() == 1) ? names.get(0) : names.get(shardOf(id, names.size()));
	}

	/**
	 * Returns the names of a logical queue's sub-queues (see the class description).
	 * @param queue the logical queue name
	 * @param shards how many, from 1 to {@value #MAX_SHARDS}
	 * @return the names, in shard order
	 */
	public static List<String> subQueueNames(String queue, int shards) {
		Assert.hasText(queue, "queue must not be blank");
		Assert.isTrue(shards >= 1 && shards <= MAX_SHARDS,
				() -> "shards must be between 1 and " + MAX_SHARDS + ", was " + shards);
		if (shards == 1) {
			return List.of(queue);
		}
		List<String> names = new ArrayList<>(shards);
		for (int i = 0; i < shards; i++) {
			int from = (int) ((long) i * SLOTS / shards);
			int to = (int) ((long) (i + 1) * SLOTS / shards);
			int quarter = (to - from) / 4;
			int low = from + quarter;
			int high = to - quarter;
			for (int k = 0;; k++) {
				String name = queue + "#" + i + "-" + k;
				int slot = slot(name);
				if (slot >= low && slot < high) {
					names.add(name);
					break;
				}
			}
		}
		return List.copyOf(names);
	}

	/**
	 * Returns the shard of a job id: {@code CRC16(id) mod shards}.
	 * @param id the job id
	 * @param shards the number of shards
	 * @return the shard, from 0 to shards - 1
	 */
	public static int shardOf(String id, int shards) {
		return crc16(id.getBytes(StandardCharsets.UTF_8)) % shards;
	}

	/**
	 * Returns the Redis Cluster slot of a hash tag's content, as of a key
	 * {@code queue:{tag}:pending}.
	 * @param tag the content of the hash tag
	 * @return the slot, {@code CRC16(tag) mod 16384}
	 */
	public static int slot(String tag) {
		return crc16(tag.getBytes(StandardCharsets.UTF_8)) % SLOTS;
	}

	/**
	 * CRC16-CCITT (XMODEM), the checksum of Redis Cluster's key slots.
	 */
	static int crc16(byte[] bytes) {
		int crc = 0;
		for (byte b : bytes) {
			crc ^= (b & 0xFF) << 8;
			for (int bit = 0; bit < 8; bit++) {
				crc = ((crc & 0x8000) != 0) ? ((crc << 1) ^ 0x1021) : (crc << 1);
			}
		}
		return crc & 0xFFFF;
	}

}
