package dev.jobqueue.boot.test;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import dev.jobqueue.JobQueueOperations;
import dev.jobqueue.annotation.JobHandler;
import dev.jobqueue.test.RedisTestServers;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Bean;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static dev.jobqueue.boot.test.JobQueueAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Tests for {@link JobQueueTester} against the project's shared test Redis, with real
 * workers.
 */
@SpringBootTest
class JobQueueTesterIntegrationTests {

	static final String QUEUE = "t" + ProcessHandle.current().pid() + "-tester-" + System.nanoTime();

	@DynamicPropertySource
	static void redis(DynamicPropertyRegistry registry) {
		registry.add("spring.data.redis.url", () -> RedisTestServers.shared().uri());
		registry.add("test.queue", () -> QUEUE);
		registry.add("jobqueue.queues." + QUEUE + ".max-attempts", () -> "2");
	}

	@Autowired
	private JobQueueOperations jobs;

	@Autowired
	private JobQueueTester tester;

	@Test
	void awaitsAJobByIdUntilItCompletes() {
		String id = this.jobs.enqueue(QUEUE, Map.of("name", "ada"));
		assertThat(this.tester.awaitJob(QUEUE, id)).isCompleted()
			.hasAttempts(1)
			.result(String.class)
			.isEqualTo("\"hello ada\"");
	}

	@Test
	void awaitsTheNextJobOfAQueueThatTheWorkersFinish() {
		// a queue of its own: a job of another test may still report its finish
		this.jobs.enqueue(QUEUE + "-next", Map.of("name", "grace"));
		assertThat(this.tester.awaitNextJob(QUEUE + "-next")).isCompleted()
			.payload(Map.class)
			.isEqualTo(Map.of("name", "grace"));
	}

	@Test
	void aJobThatFailsOnEveryAttemptIsReturnedFailedWithItsError() {
		String id = this.jobs.enqueue(QUEUE, Map.of("name", "fail"));
		assertThat(this.tester.awaitJob(QUEUE, id)).isFailed().hasAttempts(2).hasErrorContaining("no greeting");
	}

	@Test
	void aJobThatDoesNotFinishInTimeFailsTheTestNamingItsState() {
		String id = this.jobs.enqueue("t" + ProcessHandle.current().pid() + "-nobody-" + System.nanoTime(), "x");
		assertThatExceptionOfType(AssertionError.class)
			.isThrownBy(() -> this.tester.withTimeout(Duration.ofMillis(300)).awaitJob("unused", id))
			.withMessageContaining("no such job");
		assertThatExceptionOfType(AssertionError.class)
			.isThrownBy(() -> this.tester.withTimeout(Duration.ofMillis(300)).awaitNextJob("nothing-runs-here"))
			.withMessageContaining("No job of queue 'nothing-runs-here' finished");
	}

	@SpringBootConfiguration(proxyBeanMethods = false)
	@EnableAutoConfiguration
	static class GreetingApplication {

		@Bean
		Greeter greeter() {
			return new Greeter();
		}

	}

	static class Greeter {

		final AtomicInteger runs = new AtomicInteger();

		@JobHandler(queue = "${test.queue}")
		String greet(Map<String, String> person) {
			this.runs.incrementAndGet();
			if (person.get("name").equals("fail")) {
				throw new IllegalStateException("no greeting for " + person);
			}
			return "hello " + person.get("name");
		}

		@JobHandler(queue = "${test.queue}-next")
		String greetNext(Map<String, String> person) {
			return greet(person);
		}

	}

}
