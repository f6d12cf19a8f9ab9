package dev.jobqueue.worker;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.spi.ILoggingEvent;
import dev.jobqueue.JobQueueClients;
import dev.jobqueue.JobQueueOperations;
import dev.jobqueue.JobRecord;
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
 * Tests of how a {@link JobWorkerContainer} decides with its {@link JobErrorHandler}
 * whether a failed job is retried, and how it logs failed attempts.
 */
class JobErrorHandlingTests {

	private static LettuceConnectionFactory connectionFactory;

	private final String queue = "t" + ProcessHandle.current().pid() + "-errors-" + System.nanoTime();

	private JobQueueClients clients;

	private JobQueueOperations jobs;

	private final List<JobWorkerContainer> containers = new ArrayList<>();

	@BeforeAll
	static void connect() {
		connectionFactory = RedisTestServers.shared().newConnectionFactory();
	}

	@AfterAll
	static void disconnect() {
		connectionFactory.destroy();
	}

	@BeforeEach
	void createTemplate() {
		this.clients = JobQueueClients.builder(connectionFactory).build();
		this.jobs = this.clients.template();
	}

	@AfterEach
	void stop() {
		this.containers.forEach(JobWorkerContainer::stop);
		this.clients.destroy();
	}

	@Test
	void aNonRetryableJobExceptionFailsTheJobForGoodOnItsFirstAttempt() {
		start(new DefaultJobErrorHandler());
		String id = this.jobs.enqueue(this.queue, Map.of("throw", "not-retryable"));

		JobRecord job = awaitFinished(id);

		assertThat(job.status()).isEqualTo("failed");
		assertThat(job.attempts()).isOne();
		assertThat(job.lastError()).isEqualTo(NonRetryableJobException.class.getName() + ": card declined");
	}

	@Test
	void aConfiguredExceptionTypeFailsForGoodAlsoAsTheCauseOfAnother() {
		DefaultJobErrorHandler errorHandler = new DefaultJobErrorHandler();
		errorHandler.addNotRetryableExceptions(List.of(IllegalArgumentException.class));
		start(errorHandler);
		String id = this.jobs.enqueue(this.queue, Map.of("throw", "wrapped-illegal-argument"));

		JobRecord job = awaitFinished(id);

		assertThat(job.status()).isEqualTo("failed");
		assertThat(job.attempts()).isOne();
	}

	@Test
	void otherExceptionsAreRetriedUntilTheLastAttemptAndEachAttemptIsLoggedWithItsTrace() {
		try (CapturedLog log = CapturedLog.of(JobExecutor.class)) {
			start(new DefaultJobErrorHandler());
			String id = this.jobs.enqueue(this.queue, Map.of("throw", "state"));

			JobRecord job = awaitFinished(id);

			assertThat(job.status()).isEqualTo("failed");
			assertThat(job.attempts()).isEqualTo(3);
			assertThat(job.lastError()).isEqualTo("java.lang.IllegalStateException: boom");
			List<ILoggingEvent> retried = log.events(JobExecutor.class, Level.WARN);
			// each worker logs after its fail is written, so the retry, run by another
			// worker, can log first: then it is the one that carries the stack trace
			String suffix = " (stack trace logged within the last minute)";
			String prefix = "Job " + id + " of queue '" + this.queue + "' failed on attempt ";
			String retrying = " of 3, retrying: java.lang.IllegalStateException: boom";
			assertThat(retried).extracting((event) -> event.getFormattedMessage().replace(suffix, ""))
				.containsExactlyInAnyOrder(prefix + 1 + retrying, prefix + 2 + retrying);
			assertThat(retried).filteredOn((event) -> !event.getFormattedMessage().endsWith(suffix))
				.singleElement()
				.satisfies((event) -> assertThat(event.getThrowableProxy().getClassName())
					.isEqualTo(IllegalStateException.class.getName()));
			assertThat(log.events(JobExecutor.class, Level.ERROR)).singleElement().satisfies((event) -> {
				assertThat(event.getFormattedMessage()).isEqualTo("Job " + id + " of queue '" + this.queue
						+ "' failed on attempt 3 of 3 for good: java.lang.IllegalStateException: boom");
				assertThat(event.getThrowableProxy().getClassName()).isEqualTo(IllegalStateException.class.getName());
			});
		}
	}

	@Test
	void aReplacedErrorHandlerDecides() {
		List<JobContext> asked = new ArrayList<>();
		start((context, exception) -> {
			synchronized (asked) {
				asked.add(context);
			}
			return JobFailureDecision.failForGood();
		});
		String id = this.jobs.enqueue(this.queue, Map.of("throw", "state"));

		JobRecord job = awaitFinished(id);

		assertThat(job.status()).isEqualTo("failed");
		assertThat(job.attempts()).isOne();
		synchronized (asked) {
			assertThat(asked).singleElement().satisfies((context) -> {
				assertThat(context.id()).isEqualTo(id);
				assertThat(context.attempt()).isOne();
				assertThat(context.maxAttempts()).isEqualTo(3);
			});
		}
	}

	@Test
	void aHotFailureLoopDoesNotFloodTheLog() {
		try (CapturedLog log = CapturedLog.of(JobExecutor.class)) {
			start(new DefaultJobErrorHandler());
			List<String> ids = this.jobs.enqueueAll(this.queue,
					java.util.Collections.nCopies(200, Map.of("throw", "not-retryable")));

			await().atMost(Duration.ofSeconds(60))
				.until(() -> ids.stream().allMatch((id) -> "failed".equals(status(id))));

			List<ILoggingEvent> errors = log.events(JobExecutor.class, Level.ERROR);
			assertThat(errors).as("at most one minute's worth of lines, plus the next minute's first")
				.hasSizeBetween(1, 2 * JobFailureLogger.LINES_PER_WINDOW);
			assertThat(errors.stream().filter((event) -> event.getThrowableProxy() != null).count()).as("stack traces")
				.isBetween(1L, 2L);
		}
	}

	private JobRecord awaitFinished(String id) {
		return await().atMost(Duration.ofSeconds(20))
			.until(() -> this.jobs.getJob(this.queue, id).orElseThrow(),
					(job) -> "failed".equals(job.status()) || "completed".equals(job.status()));
	}

	private String status(String id) {
		return this.jobs.getJob(this.queue, id).map(JobRecord::status).orElse("");
	}

	private void start(JobErrorHandler errorHandler) {
		JobWorkerContainerFactory factory = new JobWorkerContainerFactory(this.clients.workerProtocol());
		factory.setErrorHandler(errorHandler);
		factory
			.setSettings((name) -> new JobWorkerSettings(4, Duration.ofMillis(200), Duration.ofSeconds(2), true, true));
		JobHandlerEndpoint endpoint = new JobHandlerEndpoint("thrower", this.queue, null, new Thrower(),
				ReflectionUtils.findMethod(Thrower.class, "handle", Map.class), null, null);
		JobWorkerContainer container = factory.createContainer(this.queue, List.of(endpoint));
		this.containers.add(container);
		container.start();
	}

	/**
	 * A handler that throws what its payload asks for.
	 */
	static final class Thrower {

		public void handle(Map<String, String> payload) {
			switch (payload.get("throw")) {
				case "not-retryable" -> throw new NonRetryableJobException("card declined");
				case "wrapped-illegal-argument" ->
					throw new IllegalStateException("wrapped", new IllegalArgumentException("bad input"));
				default -> throw new IllegalStateException("boom");
			}
		}

	}

}
