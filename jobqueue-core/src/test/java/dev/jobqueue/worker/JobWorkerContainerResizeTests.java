package dev.jobqueue.worker;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicInteger;

import dev.jobqueue.JobQueueOperations;
import dev.jobqueue.JobQueueAdmin;
import dev.jobqueue.JobQueueClients;
import dev.jobqueue.JobQueueTemplate;
import dev.jobqueue.JobWorkerProtocol;
import dev.jobqueue.annotation.EnableJobHandlers;
import dev.jobqueue.annotation.JobHandler;
import dev.jobqueue.test.RedisTestServer;
import dev.jobqueue.test.RedisTestServers;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.context.annotation.AnnotationConfigApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.core.env.MapPropertySource;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.awaitility.Awaitility.await;

/**
 * Tests of {@link JobWorkerContainer#setConcurrency} on a real Redis: a running container
 * grows and shrinks without interrupting its jobs.
 */
class JobWorkerContainerResizeTests {

	private static final Duration WAIT = Duration.ofSeconds(30);

	private static RedisTestServer server;

	private final String queue = "t" + ProcessHandle.current().pid() + "-resize-" + System.nanoTime();

	private AnnotationConfigApplicationContext context;

	private Blocker blocker;

	private JobWorkerContainer container;

	private JobQueueOperations jobs;

	private JobQueueAdmin admin;

	@BeforeAll
	static void findRedis() {
		server = RedisTestServers.shared();
	}

	@BeforeEach
	void startContext() {
		this.context = new AnnotationConfigApplicationContext();
		this.context.getEnvironment()
			.getPropertySources()
			.addFirst(new MapPropertySource("test", Map.of("test.queue", this.queue)));
		this.context.registerBean(LettuceConnectionFactory.class, server::newConnectionFactory);
		this.context.register(BlockingConfiguration.class);
		this.context.refresh();
		this.blocker = this.context.getBean(Blocker.class);
		this.container = this.context.getBean(JobHandlerEndpointRegistry.class).getContainer(this.queue);
		this.jobs = this.context.getBean(JobQueueOperations.class);
		this.admin = this.context.getBean(JobQueueAdmin.class);
	}

	@AfterEach
	void closeContext() {
		this.blocker.gate.release(1000);
		this.admin.purge(this.queue);
		this.context.close();
	}

	@Test
	void theConcurrencyStartsAsConfigured() {
		assertThat(this.container.getConcurrency()).isEqualTo(1);
		assertThat(this.container.getSettings().concurrency()).isEqualTo(1);
	}

	@Test
	void growingARunningContainerRunsMoreJobsAtOnce() {
		enqueue(4);
		await().atMost(WAIT).until(() -> this.blocker.running.get() == 1);
		this.container.setConcurrency(3);
		assertThat(this.container.getConcurrency()).isEqualTo(3);
		await().atMost(WAIT).until(() -> this.blocker.running.get() == 3);
		this.blocker.gate.release(4);
		await().atMost(WAIT).until(() -> this.blocker.finished.get() == 4);
		assertThat(this.blocker.interrupted.get()).isZero();
	}

	@Test
	void shrinkingARunningContainerLetsItsJobsFinishAndThenRunsFewerAtOnce() {
		this.container.setConcurrency(3);
		enqueue(6);
		await().atMost(WAIT).until(() -> this.blocker.running.get() == 3);
		this.container.setConcurrency(1);
		this.blocker.gate.release(3);
		await().atMost(WAIT).until(() -> this.blocker.finished.get() == 3 && this.blocker.running.get() == 1);
		this.blocker.max.set(1);
		for (int finished = 4; finished <= 6; finished++) {
			this.blocker.gate.release(1);
			int expected = finished;
			await().atMost(WAIT).until(() -> this.blocker.finished.get() == expected);
		}
		assertThat(this.blocker.max.get()).as("jobs at once after the shrink").isEqualTo(1);
		assertThat(this.blocker.interrupted.get()).isZero();
	}

	@Test
	void aConcurrencySetWhileStoppedAppliesAtTheNextStart() {
		this.container.stop();
		this.container.setConcurrency(2);
		this.container.start();
		enqueue(3);
		await().atMost(WAIT).until(() -> this.blocker.running.get() == 2);
		this.blocker.gate.release(3);
		await().atMost(WAIT).until(() -> this.blocker.finished.get() == 3);
		assertThat(this.blocker.max.get()).isEqualTo(2);
	}

	@Test
	void theConcurrencyMustBePositive() {
		assertThatIllegalArgumentException().isThrownBy(() -> this.container.setConcurrency(0))
			.withMessage("concurrency must be positive");
		assertThat(this.container.getConcurrency()).isEqualTo(1);
	}

	private void enqueue(int count) {
		for (int i = 0; i < count; i++) {
			this.jobs.enqueue(this.queue, Map.of("n", i));
		}
	}

	static final class Blocker {

		final AtomicInteger running = new AtomicInteger();

		final AtomicInteger max = new AtomicInteger();

		final AtomicInteger finished = new AtomicInteger();

		final AtomicInteger interrupted = new AtomicInteger();

		final Semaphore gate = new Semaphore(0);

		void enter() {
			this.max.accumulateAndGet(this.running.incrementAndGet(), Math::max);
			try {
				this.gate.acquire();
			}
			catch (InterruptedException ex) {
				this.interrupted.incrementAndGet();
				Thread.currentThread().interrupt();
			}
			finally {
				this.running.decrementAndGet();
				this.finished.incrementAndGet();
			}
		}

	}

	static class BlockingHandler {

		private final Blocker blocker;

		BlockingHandler(Blocker blocker) {
			this.blocker = blocker;
		}

		@JobHandler(queue = "${test.queue}", concurrency = "1")
		void run(String payload) {
			this.blocker.enter();
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class ClientsConfiguration {

		@Bean
		JobQueueClients jobQueueClients(LettuceConnectionFactory connectionFactory) {
			return JobQueueClients.builder(connectionFactory).build();
		}

		@Bean
		JobQueueTemplate jobQueueTemplate(JobQueueClients clients) {
			return clients.template();
		}

		@Bean
		JobQueueAdmin jobQueueAdmin(JobQueueClients clients) {
			return clients.admin();
		}

		@Bean
		JobWorkerProtocol jobWorkerProtocol(JobQueueClients clients) {
			return clients.workerProtocol();
		}

	}

	@Configuration(proxyBeanMethods = false)
	@EnableJobHandlers
	@Import(ClientsConfiguration.class)
	static class BlockingConfiguration {

		@Bean
		Blocker blocker() {
			return new Blocker();
		}

		@Bean
		BlockingHandler blockingHandler(Blocker blocker) {
			return new BlockingHandler(blocker);
		}

	}

}
