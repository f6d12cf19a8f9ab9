package dev.jobqueue.worker;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import dev.jobqueue.JobOptions;
import dev.jobqueue.JobQueueClients;
import dev.jobqueue.JobQueueOperations;
import dev.jobqueue.JobRecord;
import dev.jobqueue.QueueSettings;
import dev.jobqueue.test.RedisTestServers;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.util.ReflectionUtils;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Execution deadlines against a real Redis: at the deadline the handler's thread is
 * interrupted and the attempt fails with {@code timed out after <timeout>} and is
 * retried; a handler that ignores the interrupt loses its lease, its job is reclaimed and
 * runs again on another thread, and its worker slot is not lost.
 */
class ExecutionDeadlineTests {

	private static final Duration WAIT = Duration.ofSeconds(30);

	private static LettuceConnectionFactory connectionFactory;

	private final String queue = "t" + ProcessHandle.current().pid() + "-deadline-" + System.nanoTime();

	private JobQueueClients clients;

	private JobQueueOperations jobs;

	private final List<JobWorkerContainer> containers = new ArrayList<>();

	private final Handlers handlers = new Handlers();

	@BeforeAll
	static void connect() {
		connectionFactory = RedisTestServers.shared().newConnectionFactory();
	}

	@AfterAll
	static void disconnect() {
		connectionFactory.destroy();
	}

	@BeforeEach
	void createClients() {
		this.clients = JobQueueClients.builder(connectionFactory)
			.settings((name) -> QueueSettings.defaults(name).withVisibilityTimeout(Duration.ofMillis(1500)))
			.build();
		this.jobs = this.clients.template();
	}

	@AfterEach
	void stop() {
		this.handlers.release.countDown();
		this.containers.forEach(JobWorkerContainer::stop);
		this.clients.destroy();
	}

	@Test
	void theDeadlineInterruptsASleepingHandlerAndTheAttemptFailsAndIsRetried() {
		start("sleepOnFirstAttempt", Duration.ofMillis(300), null);
		String id = this.jobs.enqueue(this.queue, Map.of("n", 1));

		JobRecord done = awaitStatus(id, "completed");

		assertThat(done.attempts()).isEqualTo(2);
		assertThat(done.lastError()).isEqualTo("timed out after 300ms");
		assertThat(this.handlers.interrupted).as("the sleeping handler saw the interrupt").hasValue(1);
	}

	@Test
	void onTheLastAttemptATimeoutFailsTheJobForGood() {
		this.clients.destroy();
		this.clients = JobQueueClients.builder(connectionFactory)
			.settings((name) -> QueueSettings.defaults(name).withMaxAttempts(1))
			.build();
		this.jobs = this.clients.template();
		start("sleepOnFirstAttempt", Duration.ofSeconds(1), null);
		String id = this.jobs.enqueue(this.queue, Map.of("n", 1));

		JobRecord failed = awaitStatus(id, "failed");

		assertThat(failed.attempts()).isOne();
		assertThat(failed.lastError()).isEqualTo("timed out after 1s");
	}

	@Test
	void aJobsOwnTimeoutWinsOverItsHandlersAndItsQueues() {
		start("sleepOnFirstAttempt", Duration.ofMinutes(5), Duration.ofMinutes(5));
		String id = this.jobs.enqueue(this.queue, Map.of("n", 1),
				JobOptions.none().withTimeout(Duration.ofMillis(250)));

		JobRecord done = awaitStatus(id, "completed");

		assertThat(done.attempts()).isEqualTo(2);
		assertThat(done.lastError()).isEqualTo("timed out after 250ms");
	}

	@Test
	void theQueuesExecutionTimeoutAppliesToAHandlerWithoutOne() {
		start("sleepOnFirstAttempt", null, Duration.ofMillis(400));
		String id = this.jobs.enqueue(this.queue, Map.of("n", 1));

		assertThat(awaitStatus(id, "completed").lastError()).isEqualTo("timed out after 400ms");
	}

	@Test
	void aHandlerThatIgnoresTheInterruptLosesItsJobWhichRunsAgainOnAnotherThreadInTheSameSlot() {
		JobQueueReclaimer reclaimer = new JobQueueReclaimer(this.clients.admin(), () -> List.of(this.queue),
				(name) -> Duration.ofMillis(100));
		JobWorkerContainer container = start("ignoreInterruptsOnFirstAttempt", Duration.ofMillis(300), null);
		reclaimer.start();
		try {
			String id = this.jobs.enqueue(this.queue, Map.of("n", 1));

			JobRecord done = awaitStatus(id, "completed");

			assertThat(done.attempts()).isEqualTo(2);
			assertThat(done.result()).isEqualTo("\"attempt 2\"");
			assertThat(done.reclaimedAt()).as("reclaimed by the sweep, not failed by the worker").isNotNull();
			assertThat(this.handlers.threads).hasSize(2).doesNotHaveDuplicates();
			assertThat(this.handlers.finished).as("the first handler still runs").hasValue(1);
			assertThat(container.getStuckHandlerCount()).isOne();
			assertThat(container.getConcurrency()).isOne();

			this.handlers.release.countDown();
			await().atMost(WAIT).until(() -> container.getStuckHandlerCount() == 0);
			JobRecord after = this.jobs.getJob(this.queue, id).orElseThrow();
			assertThat(after.status()).as("its late outcome rejected").isEqualTo("completed");
			assertThat(after.result()).isEqualTo("\"attempt 2\"");
		}
		finally {
			reclaimer.stop();
		}
	}

	@Test
	void aHandlerThatNeverReturnsOnItsLastAttemptHasItsJobFailedForGood() {
		this.clients.destroy();
		this.clients = JobQueueClients.builder(connectionFactory)
			.settings((name) -> QueueSettings.defaults(name)
				.withVisibilityTimeout(Duration.ofMillis(1500))
				.withMaxAttempts(1))
			.build();
		this.jobs = this.clients.template();
		JobQueueReclaimer reclaimer = new JobQueueReclaimer(this.clients.admin(), () -> List.of(this.queue),
				(name) -> Duration.ofMillis(100));
		JobWorkerContainer container = start("ignoreInterruptsOnFirstAttempt", Duration.ofMillis(300), null);
		reclaimer.start();
		try {
			String id = this.jobs.enqueue(this.queue, Map.of("n", 1));

			JobRecord failed = awaitStatus(id, "failed");

			assertThat(failed.attempts()).isOne();
			assertThat(failed.lastError()).as("its lease ran out, nobody extended it")
				.startsWith("visibility timeout of ")
				.endsWith(" expired on attempt 1 of 1; not retried");
			assertThat(this.handlers.threads).as("never run again").hasSize(1);
			assertThat(this.handlers.finished).as("the handler still runs").hasValue(0);
			// the worker gives up on the thread a visibility timeout after the deadline,
			// which may be after the sweep failed the job
			await().atMost(WAIT).until(() -> container.getStuckHandlerCount() == 1);

			this.handlers.release.countDown();
			await().atMost(WAIT).until(() -> container.getStuckHandlerCount() == 0);
			JobRecord after = this.jobs.getJob(this.queue, id).orElseThrow();
			assertThat(after.status()).as("its late outcome rejected").isEqualTo("failed");
			assertThat(after.result()).isNull();
			assertThat(this.handlers.threads).hasSize(1);
		}
		finally {
			reclaimer.stop();
		}
	}

	private JobRecord awaitStatus(String id, String status) {
		return await().atMost(WAIT)
			.until(() -> this.jobs.getJob(this.queue, id).orElseThrow(), (job) -> status.equals(job.status()));
	}

	private JobWorkerContainer start(String method, Duration handlerTimeout, Duration queueTimeout) {
		JobWorkerContainerFactory factory = new JobWorkerContainerFactory(this.clients.workerProtocol());
		factory.setSettings((name) -> new JobWorkerSettings(1, Duration.ofMillis(200), Duration.ofSeconds(2), true,
				true, queueTimeout));
		JobHandlerEndpoint endpoint = new JobHandlerEndpoint(method, this.queue, null, this.handlers,
				ReflectionUtils.findMethod(Handlers.class, method, JobContext.class), null, null, RetryConfig.EMPTY,
				handlerTimeout);
		JobWorkerContainer container = factory.createContainer(this.queue, List.of(endpoint));
		this.containers.add(container);
		container.start();
		return container;
	}

	/**
	 * Handlers that overrun their deadline on the first attempt and return at once on the
	 * next.
	 */
	public static final class Handlers {

		final AtomicInteger interrupted = new AtomicInteger();

		final AtomicInteger finished = new AtomicInteger();

		final List<String> threads = new CopyOnWriteArrayList<>();

		final CountDownLatch release = new CountDownLatch(1);

		public String sleepOnFirstAttempt(JobContext context) throws InterruptedException {
			if (context.attempt() == 1) {
				try {
					Thread.sleep(300_000);
				}
				catch (InterruptedException ex) {
					this.interrupted.incrementAndGet();
					throw ex;
				}
			}
			return "attempt " + context.attempt();
		}

		public String ignoreInterruptsOnFirstAttempt(JobContext context) {
			this.threads.add(Thread.currentThread().getName());
			try {
				while (context.attempt() == 1) {
					try {
						if (this.release.await(5, TimeUnit.MINUTES)) {
							return "attempt 1, late";
						}
					}
					catch (InterruptedException ex) {
						// a handler stuck in code that swallows interrupts
					}
				}
				return "attempt " + context.attempt();
			}
			finally {
				this.finished.incrementAndGet();
			}
		}

	}

}
