package dev.jobqueue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import dev.jobqueue.worker.JobContext;
import dev.jobqueue.worker.JobExecutionListener;
import dev.jobqueue.worker.JobHandlerEndpoint;
import dev.jobqueue.worker.JobOutcome;
import dev.jobqueue.worker.JobRetrySettings;
import dev.jobqueue.worker.JobWorkerContainer;
import dev.jobqueue.worker.JobWorkerContainerFactory;
import dev.jobqueue.worker.JobWorkerSettings;
import dev.jobqueue.worker.RetryConfig;
import dev.jobqueue.worker.RetryJobLaterException;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.util.ReflectionUtils;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Retry back-off of the worker containers against a real Redis, on a settable clock: a
 * retry waits in the delayed set, scored at its failure time plus the back-off of its
 * attempt (within its jitter bounds), until promotion makes it pending again; a zero
 * back-off is the reference's immediate retry, byte for byte; a reference worker runs a
 * retried job once it is due.
 */
class RetryBackoffTests extends AbstractRedisTests {

	private final List<JobWorkerContainer> containers = new ArrayList<>();

	/** What Redis held right after each retried attempt was recorded, in order. */
	private final List<Snapshot> retries = new CopyOnWriteArrayList<>();

	@AfterEach
	void stopContainers() {
		this.containers.forEach(JobWorkerContainer::stop);
	}

	@Test
	void anExponentialBackOffWaitsInTheDelayedSetWithinItsJitterBounds() {
		useMaxAttempts(5);
		JobRetrySettings retry = new JobRetrySettings(millis(200), 2, millis(500), millis(100), List.of());
		start(retry, endpoint(RetryConfig.EMPTY));
		String id = this.jobs.enqueue(this.queue, Map.of("throw", "state"));

		for (int attempt = 1; attempt <= 4; attempt++) {
			Snapshot retried = awaitRetry(attempt);
			long waited = retried.score - Long.parseLong(retried.hash.get("last_error_at_ms"));
			long[] bounds = jitterBounds(200, 2, 500, 100, attempt);
			assertThat(waited).as("wait after attempt %d", attempt).isBetween(bounds[0], bounds[1]);
			assertThat(retried.hash).containsEntry("status", "delayed")
				.containsEntry("attempts", String.valueOf(attempt))
				.containsEntry("run_at_ms", String.valueOf(retried.score))
				.containsEntry("claim_token", "")
				.containsEntry("last_error", "java.lang.IllegalStateException: boom");
			assertThat(retried.pending).as("a waiting retry is not pending").isEmpty();
			promoteAt(retried.score);
		}
		await().atMost(Duration.ofSeconds(20)).until(() -> "failed".equals(hash(id).get("status")));
		assertThat(hash(id)).containsEntry("attempts", "5");
		assertThat(redis.zcard(this.keys.delayed())).isZero();
	}

	@Test
	void withoutJitterTheWaitsDoubleUpToTheCapExactly() {
		useMaxAttempts(4);
		start(new JobRetrySettings(millis(200), 2, millis(500), Duration.ZERO, List.of()), endpoint(RetryConfig.EMPTY));
		this.jobs.enqueue(this.queue, Map.of("throw", "state"));

		List<Long> waits = new ArrayList<>();
		for (int attempt = 1; attempt <= 3; attempt++) {
			Snapshot retried = awaitRetry(attempt);
			waits.add(retried.score - Long.parseLong(retried.hash.get("last_error_at_ms")));
			promoteAt(retried.score);
		}
		assertThat(waits).containsExactly(200L, 400L, 500L);
	}

	@Test
	void aHandlersOwnBackOffOverridesItsQueuesAttributeByAttribute() {
		useMaxAttempts(3);
		start(new JobRetrySettings(millis(200), 3, Duration.ofMinutes(1), Duration.ZERO, List.of()),
				endpoint(new RetryConfig(millis(1000), null, null, null, List.of())));
		this.jobs.enqueue(this.queue, Map.of("throw", "state"));

		Snapshot first = awaitRetry(1);
		promoteAt(first.score);
		Snapshot second = awaitRetry(2);

		assertThat(first.score - T0).isEqualTo(1000);
		assertThat(second.score - first.score).as("the queue's multiplier on the handler's delay").isEqualTo(3000);
	}

	@Test
	void aNotRetryableTypeOfTheHandlerOrOfTheQueueFailsTheJobForGoodAtOnce() {
		JobRetrySettings queueRetry = JobRetrySettings.exponential()
			.withNotRetryable(List.of(UnsupportedOperationException.class));
		start(queueRetry, endpoint(new RetryConfig(null, null, null, null, List.of(IllegalArgumentException.class))));
		String handlerType = this.jobs.enqueue(this.queue, Map.of("throw", "wrapped-illegal-argument"));
		String queueType = this.jobs.enqueue(this.queue, Map.of("throw", "unsupported"));

		await().atMost(Duration.ofSeconds(20))
			.until(() -> "failed".equals(hash(handlerType).get("status"))
					&& "failed".equals(hash(queueType).get("status")));

		assertThat(hash(handlerType)).containsEntry("attempts", "1").doesNotContainKey("run_at_ms");
		assertThat(hash(queueType)).containsEntry("attempts", "1").doesNotContainKey("run_at_ms");
		assertThat(redis.zcard(this.keys.delayed())).isZero();
		assertThat(this.retries).isEmpty();
	}

	@Test
	void aNonRetryableJobExceptionFailsForGoodAtOnceWhateverTheBackOff() {
		start(JobRetrySettings.exponential(), endpoint(RetryConfig.EMPTY));
		String id = this.jobs.enqueue(this.queue, Map.of("throw", "not-retryable"));

		await().atMost(Duration.ofSeconds(20)).until(() -> "failed".equals(hash(id).get("status")));

		assertThat(hash(id)).containsEntry("attempts", "1")
			.containsEntry("last_error", "dev.jobqueue.worker.NonRetryableJobException: card declined");
		assertThat(list(this.keys.failed())).containsExactly(id);
	}

	@Test
	void aRetryAfterOfTheHandlerIsHonouredInsteadOfTheBackOff() {
		start(JobRetrySettings.exponential(), endpoint(RetryConfig.EMPTY));
		String id = this.jobs.enqueue(this.queue, Map.of("throw", "retry-after"));

		Snapshot retried = awaitRetry(1);

		assertThat(retried.score - T0).isEqualTo(42_000);
		assertThat(retried.hash).containsEntry("status", "delayed")
			.containsEntry("last_error", RetryJobLaterException.class.getName() + ": partner answered 429");
		promoteAt(T0 + 41_999);
		assertThat(list(this.keys.pending())).as("not due a millisecond early").isEmpty();
		promoteAt(T0 + 42_000);
		awaitRetry(2);
		assertThat(hash(id)).containsEntry("attempts", "2");
	}

	@Test
	void aZeroBackOffIsTheReferencesImmediateRetryByteForByte() {
		String referenceQueue = this.queue + "-reference";
		QueueKeys referenceKeys = QueueSettings.defaults(referenceQueue).keys();
		ReferenceHelper reference = new ReferenceHelper(redis, referenceKeys, this.clock, 5000);
		String twin = reference.enqueue("{\"throw\":\"state\"}");
		String[] claimed = reference.claim(0.5);
		assertThat(reference.fail(twin, claimed[1], 1, "java.lang.IllegalStateException: boom")).isOne();

		start(JobRetrySettings.immediate(), endpoint(RetryConfig.EMPTY));
		String id = this.jobs.enqueue(this.queue, Map.of("throw", "state"));
		Snapshot retried = awaitRetry(1);

		Map<String, String> expected = new HashMap<>(redis.hgetall(referenceKeys.job(twin)));
		expected.put("id", id);
		assertThat(retried.hash).isEqualTo(expected);
		assertThat(retried.pending).containsExactly(id);
		assertThat(retried.score).as("no delayed entry").isEqualTo(-1);
		assertThat(redis.exists(this.keys.delayed())).isZero();
		redis.del(referenceKeys.job(twin), referenceKeys.pending());
	}

	@Test
	void aReferenceWorkerRunsARetryOnceItsBackOffIsOver() {
		start(JobRetrySettings.fixed(Duration.ofSeconds(5)), endpoint(RetryConfig.EMPTY));
		String id = this.jobs.enqueue(this.queue, Map.of("throw", "state", "kind", "email"));
		Snapshot retried = awaitRetry(1);
		this.containers.forEach(JobWorkerContainer::stop);
		ReferenceHelper reference = new ReferenceHelper(redis, this.keys, this.clock, 5000);
		assertThat(reference.claim(0.1)).as("not due yet").isNull();

		promoteAt(retried.score);
		String[] claimed = reference.claim(0.5);

		assertThat(claimed[0]).isEqualTo(id);
		assertThat(claimed[2]).isEqualTo("2");
		assertThat(reference.complete(id, claimed[1], "{\"worker\":\"node\"}")).isTrue();
		assertThat(hash(id)).containsEntry("status", "completed").containsEntry("attempts", "2");
		assertThat(list(this.keys.completed())).containsExactly(id);
	}

	/**
	 * The bounds of Spring's {@code ExponentialBackOff} for a retry: the interval grows
	 * by the multiplier up to the cap, and the jitter, scaled by how many times the
	 * interval is the delay, is added or taken but never below the delay nor above the
	 * cap.
	 */
	private static long[] jitterBounds(long delay, double multiplier, long maxDelay, long jitter, int attempt) {
		long interval = delay;
		for (int i = 1; i < attempt; i++) {
			interval = Math.min((long) (interval * multiplier), maxDelay);
		}
		long applicable = jitter * (interval / delay);
		return new long[] { Math.max(interval - applicable, delay), Math.min(interval + applicable, maxDelay) };
	}

	private void useMaxAttempts(int maxAttempts) {
		use(template((name) -> QueueSettings.defaults(name).withMaxAttempts(maxAttempts)));
	}

	private void promoteAt(long millis) {
		this.clock.set(millis);
		this.worker.promoteDueJobs(this.queue, 100);
	}

	private Snapshot awaitRetry(int attempt) {
		await().atMost(Duration.ofSeconds(20)).until(() -> this.retries.size() >= attempt);
		return this.retries.get(attempt - 1);
	}

	private JobHandlerEndpoint endpoint(RetryConfig retry) {
		return new JobHandlerEndpoint("thrower", this.queue, null, new Thrower(),
				ReflectionUtils.findMethod(Thrower.class, "handle", Map.class, JobContext.class), null, null, retry,
				null);
	}

	private void start(JobRetrySettings retry, JobHandlerEndpoint endpoint) {
		JobWorkerContainerFactory factory = new JobWorkerContainerFactory(this.worker);
		factory.setSettings((name) -> new JobWorkerSettings(1, millis(100), Duration.ofSeconds(2), true, true));
		factory.setRetrySettings((name) -> retry);
		factory.addListener(new JobExecutionListener() {
			@Override
			public void jobFinished(ClaimedJob job, JobOutcome outcome, Duration executionTime) {
				// on the worker thread, before its slot is free for the next claim
				if (outcome == JobOutcome.RETRIED) {
					Double score = redis.zscore(RetryBackoffTests.this.keys.delayed(), job.id());
					RetryBackoffTests.this.retries.add(new Snapshot(hash(job.id()),
							list(RetryBackoffTests.this.keys.pending()), (score != null) ? score.longValue() : -1));
				}
			}
		});
		JobWorkerContainer container = factory.createContainer(this.queue, List.of(endpoint));
		this.containers.add(container);
		container.start();
	}

	record Snapshot(Map<String, String> hash, List<String> pending, long score) {
	}

	/**
	 * A handler that throws what its payload asks for.
	 */
	public static final class Thrower {

		public @Nullable Object handle(Map<String, String> payload, JobContext context) {
			switch (payload.get("throw")) {
				case "not-retryable" -> throw new dev.jobqueue.worker.NonRetryableJobException("card declined");
				case "wrapped-illegal-argument" ->
					throw new IllegalStateException("wrapped", new IllegalArgumentException("bad input"));
				case "unsupported" -> throw new UnsupportedOperationException("no");
				case "retry-after" -> throw new RetryJobLaterException(Duration.ofSeconds(42), "partner answered 429");
				default -> throw new IllegalStateException("boom");
			}
		}

	}

}
