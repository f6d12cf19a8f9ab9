package dev.jobqueue.autoconfigure;

import java.lang.reflect.Method;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import dev.jobqueue.JobQueueOperations;
import dev.jobqueue.annotation.JobHandler;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledForJreRange;
import org.junit.jupiter.api.condition.JRE;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration;
import org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * With {@code spring.threads.virtual.enabled=true} on Java 21+, handlers run on virtual
 * threads. The build runs this class on a Java 21+ JDK when one is installed (profile
 * {@code jdk25}).
 */
@EnabledForJreRange(min = JRE.JAVA_21)
class VirtualThreadWorkerTests {

	private final String queue = TestRedis.uniqueQueue("virtual");

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(DataRedisAutoConfiguration.class, JacksonAutoConfiguration.class,
				JobQueueAutoConfiguration.class))
		.withPropertyValues(TestRedis.urlProperty(), "test.queue=" + this.queue, "jobqueue.worker.claim-timeout=200ms")
		.withUserConfiguration(Handlers.class);

	@Test
	void handlersRunOnVirtualThreadsWhenEnabled() {
		this.contextRunner.withPropertyValues("spring.threads.virtual.enabled=true").run((context) -> {
			Map<String, Boolean> virtualByJob = context.getBean(Recorder.class).virtualByJob;
			List<String> ids = context.getBean(JobQueueOperations.class).enqueueAll(this.queue, List.of(1, 2, 3, 4));

			await().atMost(Duration.ofSeconds(30)).until(() -> virtualByJob.keySet().containsAll(ids));
			assertThat(virtualByJob.values()).containsOnly(true);
		});
	}

	@Test
	void handlersRunOnPlatformThreadsByDefault() {
		this.contextRunner.run((context) -> {
			Map<String, Boolean> virtualByJob = context.getBean(Recorder.class).virtualByJob;
			String id = context.getBean(JobQueueOperations.class).enqueue(this.queue, 1);

			await().atMost(Duration.ofSeconds(30)).until(() -> virtualByJob.containsKey(id));
			assertThat(virtualByJob.get(id)).isFalse();
		});
	}

	static final class Recorder {

		final Map<String, Boolean> virtualByJob = new ConcurrentHashMap<>();

		@JobHandler(queue = "${test.queue}")
		void record(int n, dev.jobqueue.worker.JobContext job) throws ReflectiveOperationException {
			// Thread.isVirtual() is Java 21 API; the project compiles for Java 17.
			Method isVirtual = Thread.class.getMethod("isVirtual");
			this.virtualByJob.put(job.id(), (Boolean) isVirtual.invoke(Thread.currentThread()));
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
