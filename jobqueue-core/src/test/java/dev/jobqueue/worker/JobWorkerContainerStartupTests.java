package dev.jobqueue.worker;

import java.lang.reflect.Type;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;

import ch.qos.logback.classic.Level;
import dev.jobqueue.JacksonJobPayloadConverter;
import dev.jobqueue.JobPayloadConverter;
import dev.jobqueue.JobQueueClients;
import dev.jobqueue.test.RedisTestServers;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.util.ReflectionUtils;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Tests of what a {@link JobWorkerContainer} says when it starts and how often it parses
 * a payload on the way from claim to handler.
 */
class JobWorkerContainerStartupTests {

	private static LettuceConnectionFactory connectionFactory;

	private final String queue = "t" + ProcessHandle.current().pid() + "-start-" + System.nanoTime();

	@BeforeAll
	static void connect() {
		connectionFactory = RedisTestServers.shared().newConnectionFactory();
	}

	@AfterAll
	static void disconnect() {
		connectionFactory.destroy();
	}

	@Test
	void startingLogsTheHandlersAndTheNumberOfWorkersAtInfo() {
		JobQueueClients clients = JobQueueClients.builder(connectionFactory).build();
		JobWorkerContainer container = container(clients, new JacksonJobPayloadConverter(), new Emails());
		try (CapturedLog log = CapturedLog.of(JobWorkerContainer.class)) {
			container.start();

			assertThat(log.events(JobWorkerContainer.class, Level.INFO)).singleElement()
				.satisfies((event) -> assertThat(event.getFormattedMessage()).isEqualTo(
						"Started 3 workers on queue '" + this.queue + "' for @JobHandler " + Emails.class.getName()
								+ ".welcome (kind 'welcome'), " + "@JobHandler " + Emails.class.getName() + ".other"));
		}
		finally {
			container.stop();
			clients.destroy();
		}
	}

	@Test
	void eachPayloadIsParsedOnceFromClaimToHandler() {
		CountingConverter converter = new CountingConverter();
		JobQueueClients clients = JobQueueClients.builder(connectionFactory).converter(converter).build();
		Emails emails = new Emails();
		JobWorkerContainer container = container(clients, converter, emails);
		try {
			clients.template()
				.enqueueAll(this.queue,
						List.of(Map.of("kind", "welcome", "to", "a@example.com"),
								Map.of("kind", "welcome", "to", "b@example.com"),
								Map.of("kind", "invoice", "to", "c@example.com")));
			container.start();

			await().atMost(Duration.ofSeconds(10)).until(() -> emails.sent.size() == 3);

			assertThat(emails.sent).containsExactlyInAnyOrder("welcome a@example.com", "welcome b@example.com",
					"other c@example.com");
			assertThat(converter.textParses).as("parses of payload text").hasValue(3);
			assertThat(converter.treeConversions).as("conversions of the parsed tree").hasValue(3);
		}
		finally {
			container.stop();
			clients.destroy();
		}
	}

	private JobWorkerContainer container(JobQueueClients clients, JobPayloadConverter converter, Emails emails) {
		JobWorkerContainerFactory factory = new JobWorkerContainerFactory(clients.workerProtocol());
		factory.setConverter(converter);
		factory
			.setSettings((name) -> new JobWorkerSettings(3, Duration.ofMillis(200), Duration.ofSeconds(2), true, true));
		JobHandlerEndpoint welcome = new JobHandlerEndpoint("welcome", this.queue, "welcome", emails,
				ReflectionUtils.findMethod(Emails.class, "welcome", Map.class), null, null);
		JobHandlerEndpoint other = new JobHandlerEndpoint("other", this.queue, null, emails,
				ReflectionUtils.findMethod(Emails.class, "other", Email.class), null, null);
		return factory.createContainer(this.queue, List.of(welcome, other));
	}

	record Email(String kind, String to) {
	}

	/**
	 * Handlers of two kinds of email.
	 */
	static final class Emails {

		final Queue<String> sent = new ConcurrentLinkedQueue<>();

		public void welcome(Map<String, String> email) {
			this.sent.add("welcome " + email.get("to"));
		}

		public void other(Email email) {
			this.sent.add("other " + email.to());
		}

	}

	/**
	 * The default converter, counting how often it parses text and converts trees.
	 */
	static final class CountingConverter implements JobPayloadConverter {

		private final JacksonJobPayloadConverter delegate = new JacksonJobPayloadConverter();

		final AtomicInteger textParses = new AtomicInteger();

		final AtomicInteger treeConversions = new AtomicInteger();

		@Override
		public String write(@Nullable Object value) {
			return this.delegate.write(value);
		}

		@Override
		public <T> @Nullable T read(String json, Type type) {
			this.textParses.incrementAndGet();
			return this.delegate.read(json, type);
		}

		@Override
		public JsonNode readTree(String json) {
			this.textParses.incrementAndGet();
			return this.delegate.readTree(json);
		}

		@Override
		public <T> @Nullable T read(JsonNode tree, Type type) {
			this.treeConversions.incrementAndGet();
			return this.delegate.read(tree, type);
		}

	}

}
