package dev.jobqueue.worker;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

import dev.jobqueue.ClaimedJob;
import dev.jobqueue.CompleteAndClaimResult;
import dev.jobqueue.DelayedPromotion;
import dev.jobqueue.FailOutcome;
import dev.jobqueue.JobQueueClients;
import dev.jobqueue.JobWorkerProtocol;
import dev.jobqueue.QueueSettings;
import dev.jobqueue.QueueStats;
import dev.jobqueue.annotation.EnableJobHandlers;
import dev.jobqueue.annotation.JobHandler;
import dev.jobqueue.test.RedisTestServer;
import dev.jobqueue.test.RedisTestServers;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import org.springframework.context.annotation.AnnotationConfigApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.MapPropertySource;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Tests of how {@link JobWorkerContainer} claims: under a backlog each completion claims
 * the worker's next job in the same round trip, and a stop never strands a job claimed
 * that way.
 */
class JobWorkerContainerTests {

	private static RedisTestServer server;

	private static LettuceConnectionFactory connectionFactory;

	private final String queue = "t" + ProcessHandle.current().pid() + "-container-" + System.nanoTime();

	@BeforeAll
	static void connect() {
		server = RedisTestServers.shared();
		connectionFactory = server.newConnectionFactory();
	}

	@AfterAll
	static void disconnect() {
		connectionFactory.destroy();
	}

	@Test
	void underABacklogEachCompletionClaimsTheWorkersNextJob() {
		JobQueueClients producer = JobQueueClients.builder(connectionFactory).build();
		producer.template().enqueueAll(this.queue, numbers(200));
		try (AnnotationConfigApplicationContext context = context(QuickConfiguration.class)) {
			CountingWorkerProtocol jobs = context.getBean(CountingWorkerProtocol.class);

			await().atMost(Duration.ofSeconds(30)).until(() -> jobs.stats(this.queue).completedTotal() == 200);

			assertThat(jobs.completeAndClaimCalls.get()).as("every completion went through complete-and-claim")
				.isEqualTo(200);
			assertThat(jobs.claimedByCompletion.get()).as("jobs a worker claimed for itself")
				.isGreaterThanOrEqualTo(200 - 4);
			assertThat(jobs.claimedByDispatcher.get()).as("jobs the dispatcher handed over").isLessThanOrEqualTo(4);
		}
		finally {
			producer.destroy();
		}
	}

	@Test
	void stoppingWhileWorkersChainJobsLeavesNothingInProcessing() {
		JobQueueClients producer = JobQueueClients.builder(connectionFactory).build();
		producer.template().enqueueAll(this.queue, numbers(300));
		try (AnnotationConfigApplicationContext context = context(SlowConfiguration.class)) {
			CountingWorkerProtocol jobs = context.getBean(CountingWorkerProtocol.class);
			await().atMost(Duration.ofSeconds(30)).until(() -> jobs.claimedByCompletion.get() >= 20);

			context.stop();

			QueueStats stats = producer.admin().stats(this.queue);
			assertThat(stats.processingDepth()).isZero();
			assertThat(jobs.stats(this.queue).completedTotal() + stats.pendingDepth()).isEqualTo(300);
		}
		finally {
			producer.destroy();
		}
	}

	@Test
	void aStartRightAfterAnAsynchronousStopWaitsForItsDrainAndThenClaimsAgain() {
		JobQueueClients producer = JobQueueClients.builder(connectionFactory).build();
		GatedConfiguration.runs.set(0);
		try (AnnotationConfigApplicationContext context = context(GatedConfiguration.class)) {
			String id = producer.template().enqueue(this.queue, 7);
			await().atMost(Duration.ofSeconds(30)).until(() -> GatedConfiguration.runs.get() == 1);
			JobWorkerContainer container = context.getBean(JobHandlerEndpointRegistry.class).getContainer(this.queue);
			AtomicBoolean stopped = new AtomicBoolean();

			// the first run blocks until the drain interrupts it after the shutdown
			// timeout, so this stop is still draining when start is called
			container.stop(() -> stopped.set(true));
			container.start();

			assertThat(stopped).as("the previous stop had finished when start returned").isTrue();
			assertThat(container.isRunning()).isTrue();
			await().atMost(Duration.ofSeconds(60))
				.until(() -> producer.template().getJob(this.queue, id).map((job) -> job.status()).orElse(""),
						"completed"::equals);
			assertThat(GatedConfiguration.runs).as("handed back by the drain, then run again").hasValue(2);
		}
		finally {
			producer.destroy();
		}
	}

	private static List<Integer> numbers(int count) {
		List<Integer> numbers = new ArrayList<>(count);
		for (int i = 0; i < count; i++) {
			numbers.add(i);
		}
		return numbers;
	}

	private AnnotationConfigApplicationContext context(Class<?> configuration) {
		AnnotationConfigApplicationContext context = new AnnotationConfigApplicationContext();
		context.getEnvironment()
			.getPropertySources()
			.addFirst(new MapPropertySource("test", Map.of("test.queue", this.queue)));
		context.register(configuration);
		context.refresh();
		return context;
	}

	/**
	 * The real worker protocol, counting how jobs were claimed and completed.
	 */
	static final class CountingWorkerProtocol implements JobWorkerProtocol {

		final AtomicInteger completeAndClaimCalls = new AtomicInteger();

		final AtomicInteger claimedByCompletion = new AtomicInteger();

		final AtomicInteger claimedByDispatcher = new AtomicInteger();

		private final JobQueueClients clients;

		private final JobWorkerProtocol delegate;

		CountingWorkerProtocol(JobQueueClients clients) {
			this.clients = clients;
			this.delegate = clients.workerProtocol();
		}

		QueueStats stats(String queue) {
			return this.clients.admin().stats(queue);
		}

		@Override
		public CompleteAndClaimResult completeAndClaim(ClaimedJob job, @Nullable Object result, int max) {
			CompleteAndClaimResult done = this.delegate.completeAndClaim(job, result, max);
			this.completeAndClaimCalls.incrementAndGet();
			this.claimedByCompletion.addAndGet(done.claimed().size());
			return done;
		}

		@Override
		public List<ClaimedJob> claimAvailable(String queue, int max) {
			List<ClaimedJob> claimed = this.delegate.claimAvailable(queue, max);
			this.claimedByDispatcher.addAndGet(claimed.size());
			return claimed;
		}

		@Override
		public Optional<ClaimedJob> claim(String queue, Duration timeout) {
			Optional<ClaimedJob> claimed = this.delegate.claim(queue, timeout);
			claimed.ifPresent((job) -> this.claimedByDispatcher.incrementAndGet());
			return claimed;
		}

		@Override
		public boolean complete(ClaimedJob job, @Nullable Object result) {
			return this.delegate.complete(job, result);
		}

		@Override
		public FailOutcome fail(ClaimedJob job, String error) {
			return this.delegate.fail(job, error);
		}

		@Override
		public FailOutcome fail(ClaimedJob job, String error, boolean retryable) {
			return this.delegate.fail(job, error, retryable);
		}

		@Override
		public FailOutcome fail(ClaimedJob job, String error, boolean retryable, Duration retryDelay) {
			return this.delegate.fail(job, error, retryable, retryDelay);
		}

		@Override
		public DelayedPromotion promoteDueJobs(String queue, int max) {
			return this.delegate.promoteDueJobs(queue, max);
		}

		@Override
		public List<ClaimedJob> extendLeases(Collection<ClaimedJob> jobs) {
			return this.delegate.extendLeases(jobs);
		}

		@Override
		public List<ClaimedJob> release(Collection<ClaimedJob> jobs) {
			return this.delegate.release(jobs);
		}

		@Override
		public boolean reportProgress(ClaimedJob job, int percent, @Nullable String detailJson) {
			return this.delegate.reportProgress(job, percent, detailJson);
		}

		@Override
		public Runnable listenForCancellations(String queue, Consumer<String> jobIds) {
			return this.delegate.listenForCancellations(queue, jobIds);
		}

		@Override
		public QueueSettings settings(String queue) {
			return this.delegate.settings(queue);
		}

	}

	@Configuration(proxyBeanMethods = false)
	@EnableJobHandlers
	static class QuickConfiguration {

		@Bean
		JobQueueClients jobQueueClients() {
			return JobQueueClients.builder(connectionFactory).build();
		}

		@Bean
		CountingWorkerProtocol jobWorkerProtocol(JobQueueClients clients) {
			return new CountingWorkerProtocol(clients);
		}

		@JobHandler(queue = "${test.queue}", concurrency = "4")
		void handle(int number) {
		}

	}

	@Configuration(proxyBeanMethods = false)
	@EnableJobHandlers
	static class SlowConfiguration {

		@Bean
		JobQueueClients jobQueueClients() {
			return JobQueueClients.builder(connectionFactory).build();
		}

		@Bean
		CountingWorkerProtocol jobWorkerProtocol(JobQueueClients clients) {
			return new CountingWorkerProtocol(clients);
		}

		@JobHandler(queue = "${test.queue}", concurrency = "4")
		void handle(int number) throws InterruptedException {
			// Work that takes a while, so the stop lands while workers are chaining jobs.
			Thread.sleep(5);
		}

	}

	@Configuration(proxyBeanMethods = false)
	@EnableJobHandlers
	static class GatedConfiguration {

		static final AtomicInteger runs = new AtomicInteger();

		@Bean
		JobQueueClients jobQueueClients() {
			return JobQueueClients.builder(connectionFactory).build();
		}

		@Bean
		JobWorkerProtocol jobWorkerProtocol(JobQueueClients clients) {
			return clients.workerProtocol();
		}

		@JobHandler(queue = "${test.queue}", concurrency = "1")
		void handle(int number) throws InterruptedException {
			if (runs.incrementAndGet() == 1) {
				new CountDownLatch(1).await();
			}
		}

	}

}
