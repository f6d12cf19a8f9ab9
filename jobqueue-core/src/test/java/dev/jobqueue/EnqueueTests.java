package dev.jobqueue;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * Tests of {@code enqueue_jobs.lua} through {@link JobQueueTemplate}.
 */
class EnqueueTests extends AbstractRedisTests {

	@Test
	void durableEnqueueSendsTheScriptByItsShaNotItsText() {
		// no replica is attached, so WAIT 1 times out and every enqueue reports it; the
		// script has run by then, and that is what is counted
		use(JobQueueClients.builder(redisTemplate).clock(this.clock).enqueueReplicas(1, millis(1)).build());
		assertThatExceptionOfType(JobQueueException.class).isThrownBy(() -> this.jobs.enqueue(this.queue, 0));
		long evals = commandCalls("eval");
		long evalShas = commandCalls("evalsha");

		for (int i = 1; i <= 5; i++) {
			int n = i;
			assertThatExceptionOfType(JobQueueException.class).isThrownBy(() -> this.jobs.enqueue(this.queue, n))
				.withMessageContaining("acknowledged by 0 of 1 replicas");
		}

		assertThat(commandCalls("eval") - evals).as("EVAL calls, each carrying the whole script").isZero();
		assertThat(commandCalls("evalsha") - evalShas).isGreaterThanOrEqualTo(5);
		assertThat(list(this.keys.pending())).hasSize(6);
	}

	@Test
	void enqueueWritesTheReferenceHashAndPushesTheIdLeft() {
		Map<String, Object> payload = new LinkedHashMap<>();
		payload.put("kind", "email");
		payload.put("seq", 1);
		String id = this.jobs.enqueue(this.queue, payload);

		assertThat(id).matches("[0-9a-f]{16}");
		assertThat(hash(id))
			.containsExactlyInAnyOrderEntriesOf(Map.of("id", id, "payload", "{\"kind\":\"email\",\"seq\":1}", "status",
					"pending", "attempts", "0", "enqueued_at_ms", String.valueOf(T0), "claim_token", ""));
		assertThat(redis.ttl(this.keys.job(id))).isEqualTo(-1);
		assertThat(list(this.keys.pending())).containsExactly(id);
	}

	@Test
	void batchIsOneRoundTripAndKeepsOrderWithTheOldestRightmost() {
		long scriptCallsBefore = scriptCalls();
		List<String> ids = this.jobs.enqueueAll(this.queue, List.of(Map.of("n", 1), Map.of("n", 2), Map.of("n", 3)));

		if (server.owned()) {
			assertThat(scriptCalls() - scriptCallsBefore).isEqualTo(1);
		}
		assertThat(list(this.keys.pending())).containsExactly(ids.get(2), ids.get(1), ids.get(0));
		assertThat(this.admin.listJobIds(this.queue, JobState.PENDING, 10)).containsExactlyElementsOf(ids);
		assertThat(this.admin.stats(this.queue).enqueuedTotal()).isEqualTo(3);
	}

	@Test
	void largeBatchIsWrittenInGroupsInOrder() {
		List<Integer> payloads = new ArrayList<>();
		for (int i = 0; i < 2500; i++) {
			payloads.add(i);
		}
		List<String> ids = this.jobs.enqueueAll(this.queue, payloads);

		assertThat(ids).hasSize(2500).doesNotHaveDuplicates();
		assertThat(redis.llen(this.keys.pending())).isEqualTo(2500);
		assertThat(redis.lindex(this.keys.pending(), -1)).isEqualTo(ids.get(0));
		assertThat(redis.lindex(this.keys.pending(), 0)).isEqualTo(ids.get(2499));
	}

	@Test
	void emptyBatchWritesNothing() {
		assertThat(this.jobs.enqueueAll(this.queue, List.of())).isEmpty();
		assertThat(redis.exists(this.keys.pending())).isZero();
	}

	@Test
	void unserializablePayloadThrowsAndWritesNothing() {
		Object unserializable = new Object() {
			public Object getSelf() {
				throw new IllegalStateException("boom");
			}
		};
		assertThatExceptionOfType(JobPayloadException.class)
			.isThrownBy(() -> this.jobs.enqueueAll(this.queue, List.of(Map.of("ok", true), unserializable)))
			.withMessageContaining("Cannot serialize");
		assertThat(redis.exists(this.keys.pending())).isZero();
		assertThat(redis.keys(AbstractRedisTestsGlob.of(this.keys.jobPrefix()) + "*")).isEmpty();
	}

	@Test
	void payloadOverTheLimitIsRefusedWithItsSize() {
		use(template((name) -> QueueSettings.defaults(name).withMaxPayloadBytes(100)));
		assertThatExceptionOfType(JobPayloadException.class)
			.isThrownBy(() -> this.jobs.enqueue(this.queue, "x".repeat(200)))
			.withMessageContaining("202 bytes exceeds the limit of 100 bytes")
			.withMessageContaining(this.queue);
		assertThat(redis.exists(this.keys.pending())).isZero();
	}

	@Test
	void enqueueIfAbsentSkipsAnExistingId() {
		assertThat(this.jobs.enqueueIfAbsent(this.queue, "order-42", Map.of("v", 1))).isTrue();
		assertThat(this.jobs.enqueueIfAbsent(this.queue, "order-42", Map.of("v", 2))).isFalse();

		assertThat(list(this.keys.pending())).containsExactly("order-42");
		assertThat(hash("order-42")).containsEntry("payload", "{\"v\":1}");
	}

	@Test
	void blankQueueNameIsRefusedByName() {
		assertThatIllegalArgumentException().isThrownBy(() -> this.jobs.enqueue(" ", 1))
			.withMessage("queue must not be blank");
		assertThatIllegalArgumentException().isThrownBy(() -> this.admin.stats(""))
			.withMessage("queue must not be blank");
	}

	private long scriptCalls() {
		long calls = 0;
		for (String line : redis.info("commandstats").split("\r?\n")) {
			if (line.startsWith("cmdstat_evalsha:") || line.startsWith("cmdstat_eval:")) {
				calls += Long.parseLong(line.replaceAll("^cmdstat_\\w+:calls=(\\d+),.*", "$1"));
			}
		}
		return calls;
	}

}
