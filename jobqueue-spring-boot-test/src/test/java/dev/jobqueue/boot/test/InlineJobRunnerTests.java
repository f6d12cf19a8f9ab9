package dev.jobqueue.boot.test;

import java.util.List;
import java.util.Map;

import dev.jobqueue.annotation.JobHandler;
import dev.jobqueue.worker.JobContext;
import dev.jobqueue.worker.NonRetryableJobException;
import org.junit.jupiter.api.Test;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;

import static dev.jobqueue.boot.test.JobQueueAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * Tests for {@link InlineJobRunner}: handlers run on the test thread with the worker's
 * routing, conversion and failure decisions.
 */
class InlineJobRunnerTests {

	@Test
	void runsTheHandlerOnTheCallingThreadWithThePayloadConvertedAndAContext() {
		Handlers handlers = new Handlers();
		InlineJobResult result = InlineJobRunner.of(handlers).run("mail", new Email("ada@example.com", 2));
		assertThat(result).isCompleted().result(Map.class).isEqualTo(Map.of("sent", "ada@example.com"));
		assertThat(handlers.thread).isSameAs(Thread.currentThread());
		assertThat(handlers.context.queue()).isEqualTo("mail");
		assertThat(handlers.context.attempt()).isEqualTo(1);
		assertThat(handlers.context.maxAttempts()).isEqualTo(3);
		assertThat(handlers.context.id()).isEqualTo(result.id()).hasSize(16);
		assertThat(result.result()).isEqualTo(Map.of("sent", "ada@example.com"));
	}

	@Test
	void routesByKindAsAWorkerDoes() {
		InlineJobRunner runner = InlineJobRunner.of(new Handlers());
		assertThat(runner.runJson("mixed", "{\"kind\":\"resize\",\"width\":40}")).isCompleted()
			.result(String.class)
			.isEqualTo("\"resized to 40\"");
		assertThat(runner.runJson("mixed", "{\"kind\":\"other\"}")).isCompleted()
			.result(String.class)
			.isEqualTo("\"fallback\"");
	}

	@Test
	void aThrowingHandlerIsRetriedUntilTheLastAttemptThenFailed() {
		InlineJobRunner runner = InlineJobRunner.of(new Handlers());
		assertThat(runner.run("mail", new Email("nobody@example.invalid", 1))).isRetried()
			.hasErrorContaining("java.lang.IllegalArgumentException: no mailbox for nobody@example.invalid")
			.exception()
			.isInstanceOf(IllegalArgumentException.class);
		assertThat(runner.withAttempt(3, 3).run("mail", new Email("nobody@example.invalid", 1))).isFailed();
		assertThat(runner.run("mail", new Email("blocked@example.com", 1))).isFailed()
			.hasErrorContaining("NonRetryableJobException: blocked");
	}

	@Test
	void aPayloadThatDoesNotFitTheParameterFailsForGoodWithTheWorkersError() {
		InlineJobResult result = InlineJobRunner.of(new Handlers()).runJson("mail", "{\"to\":[1,2],\"copies\":1}");
		assertThat(result).isFailed().hasErrorContaining("payload does not fit");
		assertThat(result.exception()).isNotNull();
	}

	@Test
	void aQueueWithoutHandlerIsReportedByName() {
		assertThatIllegalArgumentException().isThrownBy(() -> InlineJobRunner.of(new Handlers()).run("nope", "x"))
			.withMessageContaining("'nope'")
			.withMessageContaining("mail");
	}

	@Test
	void fromAContextResolvesPlaceholdersAndUsesTheQueueSettings() {
		try (ConfigurableApplicationContext context = new SpringApplicationBuilder(HandlerApplication.class)
			.properties("spring.main.web-application-type=none", "jobqueue.worker.enabled=false",
					"app.queue=resolved-queue", "jobqueue.queues.resolved-queue.max-attempts=1",
					"spring.data.redis.port=1")
			.run()) {
			InlineJobRunner runner = InlineJobRunner.from(context);
			InlineJobResult ok = runner.run("resolved-queue", List.of("a", "b"));
			assertThat(ok).isCompleted().result(Integer.class).isEqualTo(2);
			// max-attempts 1: the first failure is final
			assertThat(runner.run("resolved-queue", List.of())).isFailed().hasErrorContaining("empty");
		}
	}

	record Email(String to, int copies) {
	}

	static class Handlers {

		Thread thread;

		JobContext context;

		@JobHandler(queue = "mail")
		Map<String, String> send(Email email, JobContext context) {
			this.thread = Thread.currentThread();
			this.context = context;
			if (email.to().startsWith("blocked")) {
				throw new NonRetryableJobException("blocked");
			}
			if (email.to().endsWith(".invalid")) {
				throw new IllegalArgumentException("no mailbox for " + email.to());
			}
			return Map.of("sent", email.to());
		}

		@JobHandler(queue = "mixed", kind = "resize")
		String resize(Map<String, Object> payload) {
			return "resized to " + payload.get("width");
		}

		@JobHandler(queue = "mixed")
		String other(String json) {
			return "fallback";
		}

	}

	@SpringBootConfiguration(proxyBeanMethods = false)
	@EnableAutoConfiguration
	static class HandlerApplication {

		@Bean
		ListHandler listHandler() {
			return new ListHandler();
		}

	}

	static class ListHandler {

		@JobHandler(queue = "${app.queue}")
		int count(List<String> items) {
			if (items.isEmpty()) {
				throw new IllegalStateException("empty");
			}
			return items.size();
		}

	}

}
