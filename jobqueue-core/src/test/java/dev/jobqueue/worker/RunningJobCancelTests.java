package dev.jobqueue.worker;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import dev.jobqueue.ClaimedJob;
import dev.jobqueue.JobCancellation;
import dev.jobqueue.JobQueueClients;
import dev.jobqueue.JobQueueTemplate;
import dev.jobqueue.QueueSettings;
import dev.jobqueue.annotation.EnableJobHandlers;
import dev.jobqueue.annotation.JobHandler;
import dev.jobqueue.test.RedisTestServer;
import dev.jobqueue.test.RedisTestServers;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import org.springframework.context.annotation.AnnotationConfigApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.MapPropertySource;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.core.StringRedisTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A running job is told of its cancellation through its {@link JobContext}, its thread is
 * interrupted when the handler allows it, and its outcome stays {@code cancelled}; its
 * progress reports reach the job hash. The producer runs on clients of its own.
 */
class RunningJobCancelTests {

	private static final Duration LONG = Duration.ofSeconds(30);

	private static RedisTestServer server;

	private static LettuceConnectionFactory workerFactory;

	private static LettuceConnectionFactory producerFactory;

	static final Map<String, String> seen = new ConcurrentHashMap<>();

	static final Map<String, JobOutcome> outcomes = new ConcurrentHashMap<>();

	static volatile CountDownLatch started = new CountDownLatch(1);

	private final String queue = "t" + ProcessHandle.current().pid() + "-cancel-" + System.nanoTime();

	@BeforeAll
	static void connect() {
		server = RedisTestServers.shared();
		workerFactory = server.newConnectionFactory();
		producerFactory = server.newConnectionFactory();
	}

	@AfterAll
	static void disconnect() {
		workerFactory.destroy();
		producerFactory.destroy();
	}

	@Test
	void anInterruptibleHandlerIsInterruptedAndItsJobStaysCancelled() throws Exception {
		started = new CountDownLatch(1);
		JobQueueClients producer = JobQueueClients.builder(new StringRedisTemplate(producerFactory)).build();
		try (AnnotationConfigApplicationContext context = context(InterruptibleConfiguration.class)) {
			JobQueueTemplate jobs = producer.template();
			String id = jobs.enqueue(this.queue, Map.of("steps", 1000));
			assertThat(started.await(30, TimeUnit.SECONDS)).isTrue();
			await().atMost(LONG)
				.until(() -> "50".equals(producer.template()
					.getJob(this.queue, id)
					.map((job) -> job.fields().get("progress"))
					.orElse(null)));

			JobCancellation cancellation = jobs.cancel(this.queue, id, "stop it");

			assertThat(cancellation.outcome()).isEqualTo(JobCancellation.Outcome.CANCELLED_RUNNING);
			await().atMost(LONG).until(() -> seen.containsKey(id));
			assertThat(seen.get(id)).isEqualTo("interrupted, cancelled=true");
			await().atMost(LONG).until(() -> outcomes.get(id) == JobOutcome.CANCELLED);
			assertThat(jobs.getJob(this.queue, id).orElseThrow().status()).isEqualTo("cancelled");
			assertThat(jobs.getJob(this.queue, id).orElseThrow().result()).isNull();
		}
		finally {
			producer.destroy();
		}
	}

	@Test
	void aCooperativeHandlerSeesTheCancellationBetweenSteps() throws Exception {
		started = new CountDownLatch(1);
		JobQueueClients producer = JobQueueClients.builder(new StringRedisTemplate(producerFactory)).build();
		try (AnnotationConfigApplicationContext context = context(CooperativeConfiguration.class)) {
			JobQueueTemplate jobs = producer.template();
			String id = jobs.enqueue(this.queue, Map.of("steps", 100_000));
			assertThat(started.await(30, TimeUnit.SECONDS)).isTrue();

			jobs.cancel(this.queue, id);

			await().atMost(LONG).until(() -> seen.containsKey(id));
			assertThat(seen.get(id)).startsWith("stopped at step");
			await().atMost(LONG).until(() -> outcomes.get(id) == JobOutcome.CANCELLED);
			assertThat(jobs.getJob(this.queue, id).orElseThrow().status()).isEqualTo("cancelled");
		}
		finally {
			producer.destroy();
		}
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

	static JobExecutionListener recordingOutcomes() {
		return new JobExecutionListener() {
			@Override
			public void jobFinished(ClaimedJob job, JobOutcome outcome, Duration took) {
				outcomes.put(job.id(), outcome);
			}
		};
	}

	@Configuration(proxyBeanMethods = false)
	@EnableJobHandlers
	static class InterruptibleConfiguration {

		@Bean
		JobQueueClients jobQueueClients() {
			return JobQueueClients.builder(workerFactory)
				.settings((name) -> QueueSettings.defaults(name).withVisibilityTimeout(Duration.ofSeconds(30)))
				.build();
		}

		@Bean
		JobWorkerContainerFactory jobWorkerContainerFactory(JobQueueClients clients) {
			JobWorkerContainerFactory factory = new JobWorkerContainerFactory(clients.workerProtocol());
			factory.addListener(recordingOutcomes());
			return factory;
		}

		@JobHandler(queue = "${test.queue}", interruptOnCancel = true)
		String handle(Map<String, Integer> payload, JobContext context) {
			context.reportProgress(50, Map.of("step", "sleeping"));
			started.countDown();
			try {
				Thread.sleep(60_000);
				seen.put(context.id(), "slept");
			}
			catch (InterruptedException ex) {
				seen.put(context.id(), "interrupted, cancelled=" + context.isCancelled());
			}
			return "finished";
		}

	}

	@Configuration(proxyBeanMethods = false)
	@EnableJobHandlers
	static class CooperativeConfiguration {

		@Bean
		JobQueueClients jobQueueClients() {
			return JobQueueClients.builder(workerFactory).build();
		}

		@Bean
		JobWorkerContainerFactory jobWorkerContainerFactory(JobQueueClients clients) {
			JobWorkerContainerFactory factory = new JobWorkerContainerFactory(clients.workerProtocol());
			factory.addListener(recordingOutcomes());
			return factory;
		}

		@JobHandler(queue = "${test.queue}")
		String handle(Map<String, Integer> payload, JobContext context) throws InterruptedException {
			int steps = payload.get("steps");
			for (int step = 0; step < steps; step++) {
				if (context.isCancelled()) {
					seen.put(context.id(), "stopped at step " + step);
					context.throwIfCancelled();
				}
				started.countDown();
				context.reportProgress(step * 100 / steps);
				Thread.sleep(1);
			}
			seen.put(context.id(), "ran to the end");
			return "finished";
		}

	}

}
