package dev.jobqueue.reliability;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.UnaryOperator;
import java.util.stream.IntStream;

import dev.jobqueue.ClaimedJob;
import dev.jobqueue.FailOutcome;
import dev.jobqueue.JobQueueClients;
import dev.jobqueue.JobRecord;
import dev.jobqueue.JobState;
import dev.jobqueue.QueueKeys;
import dev.jobqueue.QueueSettings;
import dev.jobqueue.QueueStats;
import dev.jobqueue.ReclaimResult;
import dev.jobqueue.test.MutableClock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.data.redis.connection.Message;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.data.redis.listener.ChannelTopic;
import org.springframework.data.redis.listener.RedisMessageListenerContainer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The core queue's behaviours, run on each Redis topology the tests start (standalone,
 * Sentinel, Cluster): every flow of the data model through the public API, checked
 * against what Redis holds. Subclasses say how to reach Redis and which key layout to
 * use.
 */
abstract class AbstractQueueBehaviourTests {

	private static final AtomicInteger sequence = new AtomicInteger();

	final MutableClock clock = new MutableClock(System.currentTimeMillis());

	String queue;

	QueueKeys keys;

	JobQueueClients jobs;

	/**
	 * @return the template every test works through
	 */
	abstract StringRedisTemplate redis();

	/**
	 * Applies the topology's key layout to a queue's settings.
	 * @param settings the defaults for the queue
	 * @return the settings to use
	 */
	abstract QueueSettings layout(QueueSettings settings);

	@BeforeEach
	void newQueue() {
		this.queue = "rel-" + ProcessHandle.current().pid() + "-" + getClass().getSimpleName() + "-"
				+ sequence.incrementAndGet();
		this.keys = layout(QueueSettings.defaults(this.queue)).keys();
		this.jobs = template(UnaryOperator.identity());
	}

	@AfterEach
	void purgeQueue() {
		this.jobs.admin().purge(this.queue);
		this.jobs.destroy();
	}

	JobQueueClients template(UnaryOperator<QueueSettings> customizer) {
		return JobQueueClients.builder(redis())
			.settings((name) -> customizer.apply(layout(QueueSettings.defaults(name))))
			.clock(this.clock)
			.build();
	}

	Map<Object, Object> hash(String id) {
		return redis().opsForHash().entries(this.keys.job(id));
	}

	List<String> list(String key) {
		return redis().opsForList().range(key, 0, -1);
	}

	@Test
	void enqueueWritesTheReferenceHashAndPushesTheIdToPending() {
		String id = this.jobs.template().enqueue(this.queue, Map.of("kind", "email"));

		assertThat(id).matches("[0-9a-f]{16}");
		assertThat(hash(id)).containsEntry("id", id)
			.containsEntry("payload", "{\"kind\":\"email\"}")
			.containsEntry("status", "pending")
			.containsEntry("attempts", "0")
			.containsEntry("claim_token", "")
			.containsEntry("enqueued_at_ms", String.valueOf(this.clock.millis()));
		assertThat(list(this.keys.pending())).containsExactly(id);
		assertThat(redis().getExpire(this.keys.job(id))).isEqualTo(-1);
	}

	@Test
	void claimMovesTheOldestJobToProcessingWithAFreshTokenAndOneMoreAttempt() {
		String first = this.jobs.template().enqueue(this.queue, 1);
		String second = this.jobs.template().enqueue(this.queue, 2);

		ClaimedJob claimed = this.jobs.workerProtocol().claim(this.queue, Duration.ofMillis(100)).orElseThrow();

		assertThat(claimed.id()).isEqualTo(first);
		assertThat(claimed.claimToken()).matches("[0-9a-f]{16}");
		assertThat(claimed.attempts()).isEqualTo(1);
		assertThat(list(this.keys.pending())).containsExactly(second);
		assertThat(list(this.keys.processing())).containsExactly(first);
		assertThat(hash(first)).containsEntry("status", "processing")
			.containsEntry("claim_token", claimed.claimToken())
			.containsEntry("claimed_at_ms", String.valueOf(this.clock.millis()));
	}

	@Test
	void claimAvailableClaimsABatchOldestFirstAndNothingFromAnEmptyQueue() {
		List<String> ids = this.jobs.template().enqueueAll(this.queue, List.of(1, 2, 3, 4, 5));

		List<ClaimedJob> batch = this.jobs.workerProtocol().claimAvailable(this.queue, 3);

		assertThat(batch).extracting(ClaimedJob::id).containsExactlyElementsOf(ids.subList(0, 3));
		assertThat(this.jobs.workerProtocol().claimAvailable(this.queue, 10)).hasSize(2);
		assertThat(this.jobs.workerProtocol().claimAvailable(this.queue, 10)).isEmpty();
	}

	@Test
	void aBlockedClaimWakesUpWhenAJobArrives() throws Exception {
		CompletableFuture<Optional<ClaimedJob>> claim = CompletableFuture
			.supplyAsync(() -> this.jobs.workerProtocol().claim(this.queue, Duration.ofSeconds(60)));
		await().atMost(Duration.ofSeconds(30)).until(() -> blockedClients() > 0);
		String id = this.jobs.template().enqueue(this.queue, "late");

		assertThat(claim.get(30, TimeUnit.SECONDS)).map(ClaimedJob::id).contains(id);
	}

	/**
	 * @return how many clients wait in BLMOVE on the node of this queue's pending list
	 */
	abstract long blockedClients();

	@Test
	void completeStoresTheResultSetsTheTtlAndTrimsTheHistory() {
		this.jobs.destroy();
		this.jobs = template((settings) -> settings.withHistorySize(2).withFinishedTtl(Duration.ofSeconds(42)));
		List<String> ids = this.jobs.template().enqueueAll(this.queue, List.of(1, 2, 3));
		for (int i = 0; i < 3; i++) {
			ClaimedJob job = this.jobs.workerProtocol().claimAvailable(this.queue, 1).get(0);
			assertThat(this.jobs.workerProtocol().complete(job, Map.of("n", i))).isTrue();
			assertThat(this.jobs.workerProtocol().complete(job, Map.of("n", i))).as("a second complete").isFalse();
		}

		assertThat(hash(ids.get(2))).containsEntry("status", "completed").containsEntry("result", "{\"n\":2}");
		assertThat(redis().getExpire(this.keys.job(ids.get(2)))).isBetween(30L, 42L);
		assertThat(list(this.keys.completed())).containsExactly(ids.get(2), ids.get(1));
		assertThat(list(this.keys.processing())).isEmpty();
	}

	@Test
	void failRetriesUntilTheLastAttemptAndThenFailsForGood() {
		String id = this.jobs.template().enqueue(this.queue, "flaky");

		assertThat(this.jobs.workerProtocol()
			.fail(this.jobs.workerProtocol().claimAvailable(this.queue, 1).get(0), "boom 1"))
			.isEqualTo(FailOutcome.RETRIED);
		assertThat(hash(id)).containsEntry("status", "pending")
			.containsEntry("claim_token", "")
			.containsEntry("claimed_at_ms", "0");
		assertThat(this.jobs.workerProtocol()
			.fail(this.jobs.workerProtocol().claimAvailable(this.queue, 1).get(0), "boom 2"))
			.isEqualTo(FailOutcome.RETRIED);
		ClaimedJob last = this.jobs.workerProtocol().claimAvailable(this.queue, 1).get(0);
		assertThat(this.jobs.workerProtocol().fail(last, "boom 3")).isEqualTo(FailOutcome.FAILED);
		assertThat(this.jobs.workerProtocol().fail(last, "again")).isEqualTo(FailOutcome.REJECTED);

		assertThat(hash(id)).containsEntry("status", "failed")
			.containsEntry("attempts", "3")
			.containsEntry("last_error", "boom 3");
		assertThat(list(this.keys.failed())).containsExactly(id);
		assertThat(list(this.keys.pending())).isEmpty();
		assertThat(redis().getExpire(this.keys.job(id))).isPositive();
	}

	@Test
	void aReclaimedJobFencesOffTheLateWorkerAndIsRunAgain() {
		String id = this.jobs.template().enqueue(this.queue, "slow");
		ClaimedJob zombie = this.jobs.workerProtocol().claimAvailable(this.queue, 1).get(0);
		this.clock.advance(Duration.ofMillis(5000));
		assertThat(this.jobs.admin().reclaimStuck(this.queue).reclaimed()).as("at exactly the visibility timeout")
			.isEmpty();
		this.clock.advance(Duration.ofMillis(1));

		ReclaimResult swept = this.jobs.admin().reclaimStuck(this.queue);

		assertThat(swept.reclaimed()).containsExactly(id);
		assertThat(hash(id)).containsEntry("status", "pending")
			.containsEntry("claim_token", "")
			.containsKey("reclaimed_at_ms");
		ClaimedJob second = this.jobs.workerProtocol().claimAvailable(this.queue, 1).get(0);
		assertThat(this.jobs.workerProtocol().complete(zombie, "late")).isFalse();
		assertThat(this.jobs.workerProtocol().fail(zombie, "late")).isEqualTo(FailOutcome.REJECTED);
		assertThat(this.jobs.workerProtocol().complete(second, "second")).isTrue();
		assertThat(hash(id)).containsEntry("result", "\"second\"").containsEntry("attempts", "2");
	}

	@Test
	void aStaleJobAtMaxAttemptsIsFailedForGoodInsteadOfReclaimedForever() {
		String id = this.jobs.template().enqueue(this.queue, "hangs");
		for (int attempt = 1; attempt <= 3; attempt++) {
			assertThat(this.jobs.workerProtocol().claimAvailable(this.queue, 1)).hasSize(1);
			this.clock.advance(Duration.ofMillis(5001));
			ReclaimResult swept = this.jobs.admin().reclaimStuck(this.queue);
			assertThat((attempt < 3) ? swept.reclaimed() : swept.failed()).containsExactly(id);
		}

		assertThat(hash(id)).containsEntry("status", "failed");
		assertThat((String) hash(id).get("last_error")).contains("visibility timeout");
		assertThat(list(this.keys.processing())).isEmpty();
	}

	@Test
	void anExtendedLeaseKeepsARunningJobFromTheSweep() {
		this.jobs.template().enqueue(this.queue, "long");
		ClaimedJob job = this.jobs.workerProtocol().claimAvailable(this.queue, 1).get(0);
		this.clock.advance(Duration.ofMillis(4000));
		assertThat(this.jobs.workerProtocol().extendLeases(List.of(job))).isEmpty();
		this.clock.advance(Duration.ofMillis(4000));

		assertThat(this.jobs.admin().reclaimStuck(this.queue).reclaimed()).isEmpty();
		assertThat(this.jobs.workerProtocol().complete(job, "done")).isTrue();
		assertThat(this.jobs.workerProtocol().extendLeases(List.of(job))).containsExactly(job);
	}

	@Test
	void enqueueIfAbsentDoesNotEnqueueTheSameIdTwice() {
		assertThat(this.jobs.template().enqueueIfAbsent(this.queue, "order-42", "first")).isTrue();
		assertThat(this.jobs.template().enqueueIfAbsent(this.queue, "order-42", "second")).isFalse();

		assertThat(list(this.keys.pending())).containsExactly("order-42");
		assertThat(hash("order-42")).containsEntry("payload", "\"first\"");
	}

	@Test
	void anIdWithoutAHashIsFailedWithAClearErrorInsteadOfRun() {
		redis().opsForList().leftPush(this.keys.pending(), "0123456789abcdef");

		assertThat(this.jobs.workerProtocol().claimAvailable(this.queue, 1)).isEmpty();
		assertThat((String) hash("0123456789abcdef").get("last_error")).startsWith("job hash missing");
		assertThat(list(this.keys.failed())).containsExactly("0123456789abcdef");
	}

	@Test
	void aMalformedPayloadIsFailedForGoodWithAClearError() {
		String id = this.jobs.template().enqueue(this.queue, "fine");
		redis().opsForHash().put(this.keys.job(id), "payload", "{not json");

		assertThat(this.jobs.workerProtocol().claimAvailable(this.queue, 1)).isEmpty();
		assertThat(hash(id)).containsEntry("status", "failed");
		assertThat((String) hash(id).get("last_error")).startsWith("Malformed payload JSON");
	}

	@Test
	void eventsArePublishedOnCompleteRetryAndFinalFailure() throws Exception {
		RedisMessageListenerContainer container = new RedisMessageListenerContainer();
		container.setConnectionFactory(redis().getRequiredConnectionFactory());
		BlockingQueue<String> events = new LinkedBlockingQueue<>();
		container.addMessageListener(
				(Message message, byte[] pattern) -> events.add(new String(message.getBody(), StandardCharsets.UTF_8)),
				new ChannelTopic(this.keys.events()));
		container.afterPropertiesSet();
		container.start();
		try {
			await().atMost(Duration.ofSeconds(30)).until(container::isListening);
			this.jobs.destroy();
			this.jobs = template((settings) -> settings.withMaxAttempts(2));
			String done = this.jobs.template().enqueue(this.queue, 1);
			String failed = this.jobs.template().enqueue(this.queue, 2);
			this.jobs.workerProtocol().complete(this.jobs.workerProtocol().claimAvailable(this.queue, 1).get(0), "ok");
			this.jobs.workerProtocol().fail(this.jobs.workerProtocol().claimAvailable(this.queue, 1).get(0), "once");
			this.jobs.workerProtocol().fail(this.jobs.workerProtocol().claimAvailable(this.queue, 1).get(0), "twice");

			List<String> received = new ArrayList<>();
			for (int i = 0; i < 3; i++) {
				received.add(events.poll(30, TimeUnit.SECONDS));
			}
			// the listener container hands each message to its own task, so arrival order
			// is not kept
			assertThat(received).containsExactlyInAnyOrder("{\"id\":\"" + done + "\",\"status\":\"completed\"}",
					"{\"id\":\"" + failed + "\",\"status\":\"retry\"}",
					"{\"id\":\"" + failed + "\",\"status\":\"failed\"}");
		}
		finally {
			container.destroy();
		}
	}

	@Test
	void statsListsAndLookupsReflectWhatRedisHolds() {
		List<String> ids = this.jobs.template().enqueueAll(this.queue, List.of("a", "b", "c"));
		ClaimedJob running = this.jobs.workerProtocol().claimAvailable(this.queue, 1).get(0);

		QueueStats stats = this.jobs.admin().stats(this.queue);
		assertThat(stats.pendingDepth()).isEqualTo(2);
		assertThat(stats.processingDepth()).isEqualTo(1);
		assertThat(stats.enqueuedTotal()).isEqualTo(3);
		assertThat(this.jobs.admin().listJobIds(this.queue, JobState.PENDING, 10)).containsExactly(ids.get(1),
				ids.get(2));
		assertThat(this.jobs.admin().listJobIds(this.queue, JobState.PROCESSING, 10)).containsExactly(running.id());
		JobRecord record = this.jobs.template().getJob(this.queue, running.id()).orElseThrow();
		assertThat(record.status()).isEqualTo("processing");
		assertThat(record.payload()).isEqualTo("\"a\"");
		assertThat(this.jobs.template().getJob(this.queue, "ffffffffffffffff")).isEmpty();
	}

	@Test
	void purgeDeletesTheListsAndEveryJobHashOfTheQueueOnly() {
		List<String> ids = this.jobs.template().enqueueAll(this.queue, IntStream.range(0, 1200).boxed().toList());
		this.jobs.workerProtocol().complete(this.jobs.workerProtocol().claimAvailable(this.queue, 1).get(0), "done");
		String other = this.queue + "-other";
		String survivor = this.jobs.template().enqueue(other, "keep");

		long deleted = this.jobs.admin().purge(this.queue);

		// the job hashes, pending, completed and the settings hash the claim published
		assertThat(deleted).isEqualTo(ids.size() + 3);
		assertThat(redis().hasKey(this.keys.pending())).isFalse();
		assertThat(redis().hasKey(this.keys.job(ids.get(600)))).isFalse();
		assertThat(this.jobs.template().getJob(other, survivor)).isPresent();
		this.jobs.admin().purge(other);
	}

	@Test
	void concurrentWorkersClaimEveryJobExactlyOnce() throws Exception {
		int count = 600;
		List<String> ids = this.jobs.template().enqueueAll(this.queue, IntStream.range(0, count).boxed().toList());
		Set<String> seen = ConcurrentHashMap.newKeySet();
		AtomicInteger duplicates = new AtomicInteger();
		ExecutorService pool = Executors.newFixedThreadPool(4);
		try {
			List<Future<?>> workers = new ArrayList<>();
			for (int w = 0; w < 4; w++) {
				boolean batch = w % 2 == 0;
				workers.add(pool.submit(() -> {
					while (true) {
						List<ClaimedJob> claimed = batch ? this.jobs.workerProtocol().claimAvailable(this.queue, 5)
								: this.jobs.workerProtocol()
									.claim(this.queue, Duration.ofMillis(200))
									.map(List::of)
									.orElse(List.of());
						if (claimed.isEmpty()) {
							return;
						}
						for (ClaimedJob job : claimed) {
							if (!seen.add(job.id())) {
								duplicates.incrementAndGet();
							}
							this.jobs.workerProtocol().complete(job, "ok");
						}
					}
				}));
			}
			for (Future<?> worker : workers) {
				worker.get(60, TimeUnit.SECONDS);
			}
		}
		finally {
			pool.shutdownNow();
		}

		assertThat(duplicates).hasValue(0);
		assertThat(seen).containsExactlyInAnyOrderElementsOf(ids);
		assertThat(this.jobs.admin().stats(this.queue).processingDepth()).isZero();
	}

}
