package dev.jobqueue;

import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class QueueShardsTests {

	@Test
	void slotIsRedisClusterKeySlot() {
		// CLUSTER KEYSLOT values from Redis: the CRC16 test vector and two keys
		assertThat(QueueShards.crc16("123456789".getBytes())).isEqualTo(0x31C3);
		assertThat(QueueShards.slot("foo")).isEqualTo(12182);
		assertThat(QueueShards.slot("bar")).isEqualTo(5061);
	}

	@Test
	void threeShardsFallOnTheThreePrimariesOfAnEvenSplit() {
		List<String> names = QueueShards.subQueueNames("orders", 3);
		assertThat(names).hasSize(3).allMatch((name) -> name.startsWith("orders#"));
		// redis-cli --cluster create with three primaries: 0-5460, 5461-10922,
		// 10923-16383
		int[][] primaries = { { 0, 5460 }, { 5461, 10922 }, { 10923, 16383 } };
		for (int i = 0; i < 3; i++) {
			assertThat(names.get(i)).startsWith("orders#" + i + "-");
			assertThat(QueueShards.slot(names.get(i))).isBetween(primaries[i][0], primaries[i][1]);
		}
	}

	@Test
	void everyShardHasItsOwnEqualRangeUpToTheMaximum() {
		for (int shards : new int[] { 2, 6, 16, 1024 }) {
			List<String> names = QueueShards.subQueueNames("q", shards);
			assertThat(names).hasSize(shards).doesNotHaveDuplicates();
			for (int i = 0; i < shards; i++) {
				int slot = QueueShards.slot(names.get(i));
				assertThat((long) slot * shards / QueueShards.SLOTS).as("shard %d of %d", i, shards).isEqualTo(i);
			}
		}
	}

	@Test
	void namesAreStableSoEveryInstanceAndLanguageAgrees() {
		assertThat(QueueShards.subQueueNames("orders", 3)).isEqualTo(QueueShards.subQueueNames("orders", 3));
		assertThat(QueueShards.subQueueNames("orders", 1)).containsExactly("orders");
	}

	@Test
	void shardCountOutOfRangeIsRefused() {
		assertThatIllegalArgumentException().isThrownBy(() -> QueueShards.subQueueNames("q", 0))
			.withMessageContaining("shards must be between 1 and 1024");
		assertThatIllegalArgumentException().isThrownBy(() -> QueueShards.subQueueNames("q", 1025));
	}

	@Test
	void idsSpreadEvenlyAndRouteToOneSubQueue() {
		QueueShards shards = new QueueShards((queue) -> Map.of("hot", 4).getOrDefault(queue, 1));
		assertThat(shards.isSharded("hot")).isTrue();
		assertThat(shards.isSharded("cold")).isFalse();
		assertThat(shards.route("cold", "abc")).isEqualTo("cold");
		int[] counts = new int[4];
		Set<String> seen = new HashSet<>();
		for (int i = 0; i < 40_000; i++) {
			String id = JobIds.newId();
			String sub = shards.route("hot", id);
			assertThat(shards.route("hot", id)).isEqualTo(sub);
			seen.add(sub);
			counts[shards.subQueues("hot").indexOf(sub)]++;
		}
		assertThat(seen).containsExactlyInAnyOrderElementsOf(shards.subQueues("hot"));
		for (int count : counts) {
			assertThat(count).isBetween(9_000, 11_000);
		}
	}

}
