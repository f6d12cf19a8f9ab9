package dev.jobqueue;

import java.nio.charset.StandardCharsets;
import java.util.Map;

import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import io.lettuce.core.codec.ByteArrayCodec;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A job id pushed by another client whose bytes are not valid UTF-8 cannot be handed to a
 * Java handler as the same id, so it is failed for good with a clear {@code last_error}
 * by whichever of the claim or the sweep meets it first, and never loops.
 */
class NonUtf8IdTests extends AbstractRedisTests {

	private static final byte[] ID = { 'p', '-', (byte) 0xff, (byte) 0xfe };

	private StatefulRedisConnection<byte[], byte[]> bytesConnection;

	private RedisCommands<byte[], byte[]> bytes;

	@BeforeEach
	void connectWithBytes() {
		this.bytesConnection = client.connect(ByteArrayCodec.INSTANCE);
		this.bytes = this.bytesConnection.sync();
	}

	@AfterEach
	void closeBytes() {
		this.bytesConnection.close();
	}

	@Test
	void theClaimFailsAnIdThatIsNotUtf8ForGoodAndClaimsTheNextJob() {
		pushForeignJob();
		String next = this.jobs.enqueue(this.queue, 2);

		assertThat(this.worker.claimAvailable(this.queue, 2)).extracting(ClaimedJob::id).containsExactly(next);

		assertEndedFailed();
	}

	@Test
	void theSweepFailsAnIdThatIsNotUtf8LeftInProcessingAtOnce() {
		// as a blocking claim leaves it: BLMOVE moved it, and its reply cannot name it
		pushForeignJob();
		this.bytes.lmove(bytes(this.keys.pending()), bytes(this.keys.processing()),
				io.lettuce.core.LMoveArgs.Builder.rightLeft());

		assertThat(this.admin.reclaimStuck(this.queue).failed()).hasSize(1);

		assertEndedFailed();
	}

	private void pushForeignJob() {
		this.bytes.hset(jobKey(),
				Map.of(bytes("id"), ID, bytes("payload"), bytes("{}"), bytes("status"), bytes("pending"),
						bytes("attempts"), bytes("0"), bytes("enqueued_at_ms"),
						bytes(String.valueOf(this.clock.millis())), bytes("claim_token"), new byte[0]));
		this.bytes.lpush(bytes(this.keys.pending()), ID);
	}

	private void assertEndedFailed() {
		Map<byte[], byte[]> fields = this.bytes.hgetall(jobKey());
		Map<String, String> text = new java.util.HashMap<>();
		fields
			.forEach((k, v) -> text.put(new String(k, StandardCharsets.UTF_8), new String(v, StandardCharsets.UTF_8)));
		assertThat(text).containsEntry("status", "failed").containsEntry("claim_token", "");
		assertThat(text.get("last_error")).contains("not valid UTF-8").contains("70 2d ff fe");
		assertThat(this.bytes.ttl(jobKey())).isPositive();
		assertThat(this.bytes.lrange(bytes(this.keys.failed()), 0, -1)).containsExactly(ID);
		assertThat(this.bytes.lrange(bytes(this.keys.processing()), 0, -1))
			.noneMatch((entry) -> java.util.Arrays.equals(entry, ID));
		assertThat(this.bytes.llen(bytes(this.keys.pending()))).isZero();
		this.clock.advance(60_000);
		this.admin.reclaimStuck(this.queue);
		assertThat(this.bytes.lrange(bytes(this.keys.pending()), 0, -1))
			.noneMatch((entry) -> java.util.Arrays.equals(entry, ID));
		assertThat(this.bytes.hget(jobKey(), bytes("status"))).isEqualTo(bytes("failed"));
	}

	private byte[] jobKey() {
		byte[] prefix = bytes(this.keys.jobPrefix());
		byte[] key = new byte[prefix.length + ID.length];
		System.arraycopy(prefix, 0, key, 0, prefix.length);
		System.arraycopy(ID, 0, key, prefix.length, ID.length);
		return key;
	}

	private static byte[] bytes(String text) {
		return text.getBytes(StandardCharsets.UTF_8);
	}

}
