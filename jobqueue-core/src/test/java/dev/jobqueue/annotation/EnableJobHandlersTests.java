package dev.jobqueue.annotation;

import java.time.Duration;
import java.util.Map;

import dev.jobqueue.JobQueueOperations;
import dev.jobqueue.JobQueueAdmin;
import dev.jobqueue.JobQueueClients;
import dev.jobqueue.JobQueueTemplate;
import dev.jobqueue.JobWorkerProtocol;
import dev.jobqueue.JobRecord;
import dev.jobqueue.test.RedisTestServer;
import dev.jobqueue.test.RedisTestServers;
import dev.jobqueue.worker.JobContext;
import dev.jobqueue.worker.JobHandlerEndpointRegistry;
import dev.jobqueue.worker.JobWorkerContainer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import org.springframework.context.annotation.AnnotationConfigApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.core.env.MapPropertySource;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * Tests of {@link EnableJobHandlers} in a plain Spring application context on a real
 * Redis.
 */
class EnableJobHandlersTests {

	private static RedisTestServer server;

	private final String queue = "t" + ProcessHandle.current().pid() + "-plain-" + System.nanoTime();

	@BeforeAll
	static void findRedis() {
		server = RedisTestServers.shared();
	}

	@Test
	void handlersRunWithPlainSpringAndPlaceholdersResolve() {
		try (AnnotationConfigApplicationContext context = context(PlainConfiguration.class)) {
			JobQueueOperations jobs = context.getBean(JobQueueOperations.class);
			String id = jobs.enqueue(this.queue, Map.of("to", "a@example.com"));

			JobRecord done = await().atMost(Duration.ofSeconds(30))
				.until(() -> jobs.getJob(this.queue, id).orElseThrow(), (job) -> "completed".equals(job.status()));
			assertThat(done.result()).isEqualTo("\"sent to a@example.com on attempt 1\"");
			JobWorkerContainer container = context.getBean(JobHandlerEndpointRegistry.class).getContainer(this.queue);
			assertThat(container).isNotNull();
			assertThat(container.getSettings().concurrency()).as("from the annotation's placeholder").isEqualTo(3);
		}
	}

	@Test
	void containersStopWithTheContextAndCanBeRestarted() {
		try (AnnotationConfigApplicationContext context = context(PlainConfiguration.class)) {
			JobWorkerContainer container = context.getBean(JobHandlerEndpointRegistry.class).getContainer(this.queue);
			assertThat(container.isRunning()).isTrue();
			context.stop();
			assertThat(container.isRunning()).isFalse();
			context.start();
			assertThat(container.isRunning()).isTrue();
			JobQueueOperations jobs = context.getBean(JobQueueOperations.class);
			String id = jobs.enqueue(this.queue, Map.of("to", "b@example.com"));
			await().atMost(Duration.ofSeconds(30))
				.until(() -> jobs.getJob(this.queue, id).map(JobRecord::status).orElse(""), "completed"::equals);
		}
	}

	@Test
	void aHandlerWithTwoPayloadParametersFailsStartup() {
		assertThatThrownBy(() -> context(TwoPayloadsConfiguration.class).close())
			.hasStackTraceContaining("declares more than one payload parameter");
	}

	@Test
	void handlersOfOneQueueThatDisagreeOnConcurrencyFailStartup() {
		assertThatThrownBy(() -> context(DisagreeingConfiguration.class).close())
			.hasStackTraceContaining("disagree on concurrency");
	}

	private AnnotationConfigApplicationContext context(Class<?> configuration) {
		AnnotationConfigApplicationContext context = new AnnotationConfigApplicationContext();
		context.getEnvironment()
			.getPropertySources()
			.addFirst(new MapPropertySource("test", Map.of("test.queue", this.queue, "test.concurrency", "3")));
		context.registerBean(LettuceConnectionFactory.class, server::newConnectionFactory);
		context.register(configuration);
		context.refresh();
		return context;
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
	static class PlainConfiguration {

		@JobHandler(queue = "${test.queue}", concurrency = "${test.concurrency}")
		String send(Map<String, String> email, JobContext context) {
			return "sent to " + email.get("to") + " on attempt " + context.attempt();
		}

	}

	@Configuration(proxyBeanMethods = false)
	@EnableJobHandlers
	@Import(ClientsConfiguration.class)
	static class TwoPayloadsConfiguration {

		@JobHandler(queue = "${test.queue}")
		void handle(String first, String second) {
		}

	}

	@Configuration(proxyBeanMethods = false)
	@EnableJobHandlers
	@Import(ClientsConfiguration.class)
	static class DisagreeingConfiguration {

		@JobHandler(queue = "${test.queue}", kind = "a", concurrency = "2")
		void a(String payload) {
		}

		@JobHandler(queue = "${test.queue}", kind = "b", concurrency = "3")
		void b(String payload) {
		}

	}

}
