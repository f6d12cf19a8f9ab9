package dev.jobqueue.autoconfigure;

import java.time.Duration;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import dev.jobqueue.JobQueueOperations;
import dev.jobqueue.JobRecord;
import dev.jobqueue.QueueKeys;
import dev.jobqueue.annotation.JobHandler;
import dev.jobqueue.boot.JobQueueCatalog;
import dev.jobqueue.worker.JobContext;
import io.lettuce.core.api.sync.RedisCommands;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration;
import org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Tests of {@code @JobHandler} methods in a real application context on a real Redis.
 */
class JobHandlerIntegrationTests {

	private static final Duration WAIT = Duration.ofSeconds(30);

	private final String queue = TestRedis.uniqueQueue("handlers");

	private final QueueKeys keys = new QueueKeys("queue", this.queue, false);

	private final RedisCommands<String, String> redis = TestRedis.commands();

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(DataRedisAutoConfiguration.class, JacksonAutoConfiguration.class,
				JobQueueAutoConfiguration.class))
		.withPropertyValues(TestRedis.urlProperty(), "test.queue=" + this.queue, "jobqueue.worker.claim-timeout=200ms",
				"jobqueue.reclaimer.interval=100ms");

	@Test
	void handlersReceiveTypedPayloadsAndTheirResultsAreStored() {
		this.contextRunner.withUserConfiguration(TypedHandlers.class).run((context) -> {
			JobQueueOperations producer = context.getBean(JobQueueOperations.class);
			String record = producer.enqueue(this.queue + "-record", new Email("a@example.com", 3));
			String pojo = producer.enqueue(this.queue + "-pojo", Map.of("recipient", "b@example.com", "n", 4));
			String map = producer.enqueue(this.queue + "-map", Map.of("kind", "webhook"));
			String tree = producer.enqueue(this.queue + "-tree", List.of(1, 2, 3));
			String raw = producer.enqueue(this.queue + "-raw", Map.of("x", 1));

			JobRecord recordJob = awaitStatus(producer, this.queue + "-record", record, "completed");
			assertThat(producer.<Map<String, Object>>getResult(recordJob, Map.class).orElseThrow())
				.isEqualTo(Map.of("sent", "a@example.com", "attempt", 1, "queue", this.queue + "-record"));
			assertThat(awaitStatus(producer, this.queue + "-pojo", pojo, "completed").result())
				.isEqualTo("\"b@example.com/4\"");
			assertThat(awaitStatus(producer, this.queue + "-map", map, "completed").result()).isEqualTo("\"webhook\"");
			assertThat(awaitStatus(producer, this.queue + "-tree", tree, "completed").result()).isEqualTo("3");
			assertThat(awaitStatus(producer, this.queue + "-raw", raw, "completed").result())
				.isEqualTo("\"{\\\"x\\\":1}\"");
		});
	}

	@Test
	void jobsAreRoutedByKindAndAnUnknownKindFailsWithAClearError() {
		this.contextRunner.withUserConfiguration(KindHandlers.class).run((context) -> {
			JobQueueOperations producer = context.getBean(JobQueueOperations.class);
			String email = producer.enqueue(this.queue, Map.of("kind", "email", "recipient", "a@example.com", "n", 1));
			String webhook = producer.enqueue(this.queue, Map.of("kind", "webhook", "url", "https://example.com"));
			String invoice = producer.enqueue(this.queue, Map.of("kind", "invoice"));

			assertThat(awaitStatus(producer, this.queue, email, "completed").result()).isEqualTo("\"email\"");
			assertThat(awaitStatus(producer, this.queue, webhook, "completed").result()).isEqualTo("\"webhook\"");
			JobRecord failed = awaitStatus(producer, this.queue, invoice, "failed");
			assertThat(failed.lastError()).isEqualTo("no @JobHandler for kind 'invoice' on queue '" + this.queue + "'");
			assertThat(failed.attempts()).as("not retried").isOne();
			assertThat(this.redis.lrange(this.keys.pending(), 0, -1)).isEmpty();
		});
	}

	@Test
	void aFailingHandlerIsRetriedUntilMaxAttemptsThenFailed() {
		this.contextRunner.withUserConfiguration(FailingHandler.class).run((context) -> {
			JobQueueOperations producer = context.getBean(JobQueueOperations.class);
			String id = producer.enqueue(this.queue, Map.of("n", 1));

			JobRecord failed = awaitStatus(producer, this.queue, id, "failed");
			assertThat(failed.attempts()).isEqualTo(3);
			assertThat(failed.lastError()).isEqualTo("java.lang.IllegalStateException: smtp down on attempt 3");
			assertThat(context.getBean(FailingHandler.class).attempts).containsExactly(1, 2, 3);
			assertThat(this.redis.lrange(this.keys.failed(), 0, -1)).containsExactly(id);
		});
	}

	@Test
	void anErrorFromAHandlerFailsTheJobAndTheWorkerGoesOn() {
		this.contextRunner.withUserConfiguration(ErrorHandler.class)
			.withPropertyValues("jobqueue.worker.concurrency=1", "jobqueue.max-attempts=1")
			.run((context) -> {
				JobQueueOperations producer = context.getBean(JobQueueOperations.class);
				String bad = producer.enqueue(this.queue, Map.of("error", true));
				String good = producer.enqueue(this.queue, Map.of("error", false));

				assertThat(awaitStatus(producer, this.queue, bad, "failed").lastError())
					.isEqualTo("java.lang.AssertionError: handler error");
				assertThat(awaitStatus(producer, this.queue, good, "completed").result()).isEqualTo("\"ok\"");
			});
	}

	@Test
	void aPayloadThatDoesNotFitTheDeclaredTypeFailsAtOnce() {
		this.contextRunner.withUserConfiguration(TypedHandlers.class).run((context) -> {
			JobQueueOperations producer = context.getBean(JobQueueOperations.class);
			String id = producer.enqueue(this.queue + "-record", List.of("not", "an", "object"));

			JobRecord failed = awaitStatus(producer, this.queue + "-record", id, "failed");
			assertThat(failed.attempts()).isOne();
			assertThat(failed.lastError()).startsWith("payload does not fit " + Email.class.getName())
				.contains("TypedHandlers.record");
		});
	}

	@Test
	void aJobWrittenInTheReferenceHashFormatIsHandled() {
		this.contextRunner.withUserConfiguration(KindHandlers.class).run((context) -> {
			String id = "87088c8ff4ef8135";
			this.redis.hset(this.keys.job(id),
					Map.of("id", id, "payload", "{\"kind\":\"email\",\"recipient\":\"r@x.io\",\"n\":1}", "status",
							"pending", "attempts", "0", "enqueued_at_ms", String.valueOf(System.currentTimeMillis()),
							"claim_token", ""));
			this.redis.lpush(this.keys.pending(), id);

			await().atMost(WAIT).until(() -> "completed".equals(this.redis.hget(this.keys.job(id), "status")));
			Map<String, String> hash = this.redis.hgetall(this.keys.job(id));
			assertThat(hash).containsEntry("result", "\"email\"").containsEntry("attempts", "1");
			assertThat(hash.get("claim_token")).hasSize(16);
			assertThat(hash.get("completed_at_ms")).matches("\\d{13}");
			assertThat(context.getBean(KindHandlers.class).emails).containsExactly(new Email("r@x.io", 1));
			assertThat(context.getBean(KindHandlers.class).threads).singleElement()
				.asString()
				.startsWith("jobqueue-" + this.queue + "-worker-");
			assertThat(this.redis.lrange(this.keys.completed(), 0, -1)).containsExactly(id);
			assertThat(this.redis.ttl(this.keys.job(id))).isBetween(1L, 300L);
		});
	}

	@Test
	void aHangingHandlersJobIsReclaimedAndItsLateCompletionRejected() {
		this.contextRunner.withUserConfiguration(HangingHandler.class)
			.withPropertyValues("jobqueue.visibility-timeout=1s", "jobqueue.worker.lease-extension=false",
					"jobqueue.worker.concurrency=2")
			.run((context) -> {
				JobQueueOperations producer = context.getBean(JobQueueOperations.class);
				HangingHandler handler = context.getBean(HangingHandler.class);
				String id = producer.enqueue(this.queue, Map.of("n", 1));

				JobRecord done = awaitStatus(producer, this.queue, id, "completed");
				assertThat(done.attempts()).isEqualTo(2);
				assertThat(done.result()).isEqualTo("\"attempt 2\"");
				assertThat(done.reclaimedAt()).isNotNull();
				handler.releaseFirst.countDown();
				await().atMost(WAIT).until(() -> handler.finished.get() == 2);
				JobRecord after = producer.getJob(this.queue, id).orElseThrow();
				assertThat(after.result()).as("late completion rejected").isEqualTo("\"attempt 2\"");
				assertThat(this.redis.lrange(this.keys.completed(), 0, -1)).containsExactly(id);
			});
	}

	@Test
	void aLongJobWithLeaseExtensionIsNotRunTwice() {
		this.contextRunner.withUserConfiguration(SlowHandler.class)
			// the lease is extended every third of the visibility timeout: 2 s leaves a
			// loaded
			// machine room to run the lease task late without the job being reclaimed
			.withPropertyValues("jobqueue.visibility-timeout=2s", "test.sleep=5000")
			.run((context) -> {
				JobQueueOperations producer = context.getBean(JobQueueOperations.class);
				String id = producer.enqueue(this.queue, Map.of("n", 1));

				JobRecord done = awaitStatus(producer, this.queue, id, "completed");
				assertThat(done.attempts()).isOne();
				assertThat(done.reclaimedAt()).isNull();
				assertThat(context.getBean(SlowHandler.class).runs.get()).isOne();
			});
	}

	@Test
	void gracefulShutdownMidBatchLosesNothing() {
		String[] ids = new String[20];
		this.contextRunner.withUserConfiguration(SlowHandler.class)
			.withPropertyValues("jobqueue.worker.concurrency=3", "test.sleep=150",
					"jobqueue.worker.shutdown-timeout=10s")
			.run((context) -> {
				JobQueueOperations producer = context.getBean(JobQueueOperations.class);
				for (int i = 0; i < ids.length; i++) {
					ids[i] = producer.enqueue(this.queue, Map.of("n", i));
				}
				await().atMost(WAIT).until(() -> context.getBean(SlowHandler.class).runs.get() >= 4);
			});
		assertThat(this.redis.lrange(this.keys.processing(), 0, -1)).as("nothing stranded").isEmpty();
		long completed = 0;
		for (String id : ids) {
			String status = this.redis.hget(this.keys.job(id), "status");
			assertThat(status).isIn("completed", "pending");
			completed += "completed".equals(status) ? 1 : 0;
		}
		assertThat(completed).isGreaterThanOrEqualTo(4);
		assertThat(this.redis.llen(this.keys.pending()) + completed).isEqualTo(ids.length);
	}

	@Test
	void aJobStillRunningAtTheShutdownDeadlineGoesBackToPending() {
		String[] id = new String[1];
		this.contextRunner.withUserConfiguration(HangingHandler.class)
			.withPropertyValues("jobqueue.worker.shutdown-timeout=200ms")
			.run((context) -> {
				id[0] = context.getBean(JobQueueOperations.class).enqueue(this.queue, Map.of("n", 1));
				await().atMost(WAIT).until(() -> context.getBean(HangingHandler.class).started.get() == 1);
			});
		assertThat(this.redis.lrange(this.keys.processing(), 0, -1)).isEmpty();
		assertThat(this.redis.lrange(this.keys.pending(), 0, -1)).containsExactly(id[0]);
		assertThat(this.redis.hgetall(this.keys.job(id[0]))).containsEntry("status", "pending")
			.containsEntry("attempts", "0")
			.containsEntry("claim_token", "")
			.containsEntry("claimed_at_ms", "0");
	}

	@Test
	void producerOnlyModeLeavesJobsPending() {
		this.contextRunner.withUserConfiguration(KindHandlers.class)
			.withPropertyValues("jobqueue.worker.enabled=false")
			.run((context) -> {
				String id = context.getBean(JobQueueOperations.class).enqueue(this.queue, Map.of("kind", "email"));
				assertThat(this.redis.lrange(this.keys.pending(), 0, -1)).containsExactly(id);
				assertThat(context.getBean(KindHandlers.class).emails).isEmpty();
			});
	}

	@Test
	void aDisabledQueueGetsNoWorkers() {
		this.contextRunner.withUserConfiguration(KindHandlers.class)
			.withPropertyValues("jobqueue.queues." + this.queue + ".enabled=false")
			.run((context) -> {
				assertThat(context.getBean(JobQueueCatalog.class).getContainer(this.queue)).isNull();
				assertThat(context.getBean(JobQueueCatalog.class).getQueueNames()).contains(this.queue);
				assertThat(context.getBean(JobQueueCatalog.class).getEnabledQueueNames()).doesNotContain(this.queue);
			});
	}

	@Test
	void thousandsOfClaimsReuseTheirConnections() {
		this.contextRunner.withUserConfiguration(CountingHandler.class)
			.withPropertyValues("jobqueue.worker.concurrency=8")
			.run((context) -> {
				JobQueueOperations producer = context.getBean(JobQueueOperations.class);
				CountingHandler handler = context.getBean(CountingHandler.class);
				producer.enqueue(this.queue, 0);
				await().atMost(WAIT).until(() -> handler.count.get() == 1);
				long connectionsBefore = TestRedis.statsField("total_connections_received");
				for (int round = 0; round < 5; round++) {
					producer.enqueueAll(this.queue, Collections.nCopies(500, round));
					int expected = 1 + 500 * (round + 1);
					await().atMost(WAIT).until(() -> handler.count.get() == expected);
				}
				long opened = TestRedis.statsField("total_connections_received") - connectionsBefore;
				assertThat(opened).as("connections opened while 2500 jobs were claimed").isLessThanOrEqualTo(2);
			});
	}

	private JobRecord awaitStatus(JobQueueOperations producer, String queue, String id, String status) {
		return await().atMost(WAIT)
			.until(() -> producer.getJob(queue, id).orElse(null), (job) -> job != null && status.equals(job.status()));
	}

	record Email(String recipient, int n) {
	}

	/**
	 * A POJO payload.
	 */
	static class Notice {

		private String recipient;

		private int n;

		public String getRecipient() {
			return this.recipient;
		}

		public void setRecipient(String recipient) {
			this.recipient = recipient;
		}

		public int getN() {
			return this.n;
		}

		public void setN(int n) {
			this.n = n;
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class TypedHandlers {

		@JobHandler(queue = "${test.queue}-record")
		Map<String, Object> record(Email email, JobContext context) {
			return Map.of("sent", email.recipient(), "attempt", context.attempt(), "queue", context.queue());
		}

		@JobHandler("${test.queue}-pojo")
		String pojo(Notice notice) {
			return notice.getRecipient() + "/" + notice.getN();
		}

		@JobHandler(queue = "${test.queue}-map")
		Object map(Map<String, Object> payload) {
			return payload.get("kind");
		}

		@JobHandler(queue = "${test.queue}-tree")
		int tree(JsonNode payload) {
			return payload.size();
		}

		@JobHandler(queue = "${test.queue}-raw")
		String raw(String json) {
			return json;
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class KindHandlers {

		final List<Email> emails = new CopyOnWriteArrayList<>();

		final List<String> threads = new CopyOnWriteArrayList<>();

		@JobHandler(queue = "${test.queue}", kind = "email")
		String email(Email email) {
			this.emails.add(email);
			this.threads.add(Thread.currentThread().getName());
			return "email";
		}

		@JobHandler(queue = "${test.queue}", kind = "webhook")
		String webhook(Map<String, Object> payload) {
			return "webhook";
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class ErrorHandler {

		@JobHandler(queue = "${test.queue}")
		String handle(Map<String, Boolean> payload) {
			if (payload.get("error")) {
				throw new AssertionError("handler error");
			}
			return "ok";
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class HangingHandler {

		final CountDownLatch releaseFirst = new CountDownLatch(1);

		final AtomicInteger started = new AtomicInteger();

		final AtomicInteger finished = new AtomicInteger();

		@JobHandler(queue = "${test.queue}")
		String handle(JobContext context) throws InterruptedException {
			this.started.incrementAndGet();
			try {
				if (context.attempt() == 1) {
					this.releaseFirst.await();
				}
				return "attempt " + context.attempt();
			}
			finally {
				this.finished.incrementAndGet();
			}
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class SlowHandler {

		final AtomicInteger runs = new AtomicInteger();

		final Map<String, Integer> byId = new ConcurrentHashMap<>();

		@Value("${test.sleep}")
		long sleepMillis;

		@JobHandler(queue = "${test.queue}")
		String handle(JobContext context) throws InterruptedException {
			this.runs.incrementAndGet();
			this.byId.merge(context.id(), 1, Integer::sum);
			// The job's work: it takes this long by design, so that leases and shutdown
			// have something to wait for.
			TimeUnit.MILLISECONDS.sleep(this.sleepMillis);
			return "done";
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class CountingHandler {

		final AtomicInteger count = new AtomicInteger();

		@JobHandler(queue = "${test.queue}")
		void handle(int n) {
			this.count.incrementAndGet();
		}

	}

}
