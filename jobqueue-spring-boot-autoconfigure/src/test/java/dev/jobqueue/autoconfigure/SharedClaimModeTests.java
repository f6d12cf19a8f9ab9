package dev.jobqueue.autoconfigure;

import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import dev.jobqueue.JobQueueOperations;
import dev.jobqueue.annotation.JobHandler;
import dev.jobqueue.worker.JobHandlerEndpointRegistry;
import dev.jobqueue.worker.JobWorkerContainer;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration;
import org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * {@code jobqueue.worker.claim-mode} chooses between a blocked dispatcher thread per
 * queue (the default) and shared claims woken by tracked writes to the pending lists.
 */
class SharedClaimModeTests {

	private final String queue = TestRedis.uniqueQueue("shared-claims");

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(DataRedisAutoConfiguration.class, JacksonAutoConfiguration.class,
				JobQueueAutoConfiguration.class))
		.withPropertyValues(TestRedis.urlProperty(), "test.queue=" + this.queue)
		.withUserConfiguration(Handlers.class);

	@Test
	void sharedModeClaimsWithoutADispatcherAndRunsJobs() {
		this.contextRunner.withPropertyValues("jobqueue.worker.claim-mode=shared").run((context) -> {
			JobWorkerContainer container = context.getBean(JobHandlerEndpointRegistry.class).getContainer(this.queue);
			assertThat(container).isNotNull();
			assertThat(container.isSharedClaims()).isTrue();
			assertThat(Thread.getAllStackTraces().keySet())
				.noneMatch((thread) -> thread.getName().equals("jobqueue-" + this.queue + "-dispatcher"));
			Set<Map<String, Object>> ran = context.getBean(Recorder.class).ran;
			context.getBean(JobQueueOperations.class).enqueue(this.queue, Map.of("n", 1));

			await().atMost(Duration.ofSeconds(30)).until(() -> ran.contains(Map.of("n", 1)));
		});
	}

	@Test
	void blockingModeIsTheDefault() {
		this.contextRunner.run((context) -> {
			JobWorkerContainer container = context.getBean(JobHandlerEndpointRegistry.class).getContainer(this.queue);
			assertThat(container).isNotNull();
			assertThat(container.isRunning()).isTrue();
			assertThat(container.isSharedClaims()).isFalse();
		});
	}

	static final class Recorder {

		final Set<Map<String, Object>> ran = ConcurrentHashMap.newKeySet();

		@JobHandler(queue = "${test.queue}")
		void record(Map<String, Object> payload) {
			this.ran.add(payload);
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class Handlers {

		@Bean
		Recorder recorder() {
			return new Recorder();
		}

	}

}
