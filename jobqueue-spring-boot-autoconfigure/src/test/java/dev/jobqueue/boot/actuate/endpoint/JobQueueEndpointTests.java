package dev.jobqueue.boot.actuate.endpoint;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import dev.jobqueue.JobOptions;
import dev.jobqueue.JobQueueOperations;
import dev.jobqueue.JobWorkerProtocol;
import dev.jobqueue.annotation.JobHandler;
import dev.jobqueue.autoconfigure.JobQueueAutoConfiguration;
import dev.jobqueue.autoconfigure.TestRedis;
import dev.jobqueue.autoconfigure.endpoint.JobQueueEndpointAutoConfiguration;
import dev.jobqueue.boot.JobQueueCatalog;
import dev.jobqueue.boot.actuate.endpoint.JobQueueEndpointDescriptors.QueueDetailsDescriptor;
import dev.jobqueue.boot.actuate.endpoint.JobQueueEndpointDescriptors.WorkersDescriptor;
import dev.jobqueue.test.RedisServerOptions;
import dev.jobqueue.test.RedisTestServer;
import dev.jobqueue.test.RedisTestServers;
import dev.jobqueue.worker.JobWorkerContainer;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import org.junit.jupiter.api.Test;

import org.springframework.boot.actuate.endpoint.SecurityContext;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration;
import org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link JobQueueEndpoint} on a real Redis.
 */
class JobQueueEndpointTests {

	private final String queue = TestRedis.uniqueQueue("endpoint");

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(DataRedisAutoConfiguration.class, JacksonAutoConfiguration.class,
				JobQueueAutoConfiguration.class, JobQueueEndpointAutoConfiguration.class))
		.withPropertyValues(TestRedis.urlProperty(), "test.queue=" + this.queue,
				"management.endpoints.web.exposure.include=jobqueue", "jobqueue.worker.concurrency=2",
				"jobqueue.worker.claim-timeout=200ms")
		.withBean(Handler.class);

	@Test
	void workersShowTheConcurrencyInForceAfterAResize() {
		this.contextRunner.run((context) -> {
			JobWorkerContainer container = context.getBean(JobQueueCatalog.class).getContainer(this.queue);
			assertThat(container).isNotNull();
			container.setConcurrency(5);
			JobQueueEndpoint endpoint = context.getBean(JobQueueEndpoint.class);
			WorkersDescriptor overview = endpoint.queues().queues().get(this.queue).workers();
			assertThat(overview.concurrency()).isEqualTo(5);
			assertThat(endpoint.queue(SecurityContext.NONE, this.queue).workers().concurrency()).isEqualTo(5);
		});
	}

	/**
	 * Counts what one {@code GET /actuator/jobqueue/{queue}} sends to Redis, on a server
	 * of its own that nothing else talks to. {@code INFO commandstats} also counts the
	 * commands a script runs, so the commands the endpoint sends are counted from the
	 * slow log (threshold 0), which marks those run inside a script with the client
	 * {@code ?:0}; the script calls are cross-checked with commandstats.
	 */
	@Test
	void queueDetailsTakeAFixedNumberOfRoundTripsWhateverTheJobs() {
		try (RedisTestServer server = RedisTestServers.startOwned(RedisServerOptions.defaults())) {
			RedisClient client = server.newLettuceClient();
			try (StatefulRedisConnection<String, String> connection = client.connect()) {
				RedisCommands<String, String> redis = connection.sync();
				new ApplicationContextRunner()
					.withConfiguration(
							AutoConfigurations.of(DataRedisAutoConfiguration.class, JacksonAutoConfiguration.class,
									JobQueueAutoConfiguration.class, JobQueueEndpointAutoConfiguration.class))
					.withPropertyValues("spring.data.redis.url=" + server.uri(),
							"management.endpoints.web.exposure.include=jobqueue", "jobqueue.worker.enabled=false",
							"jobqueue.reclaimer.enabled=false", "jobqueue.max-attempts=1")
					.run((context) -> {
						fill(context.getBean(JobQueueOperations.class), context.getBean(JobWorkerProtocol.class));
						JobQueueEndpoint endpoint = context.getBean(JobQueueEndpoint.class);
						endpoint.queue(SecurityContext.NONE, this.queue);
						redis.configSet("slowlog-log-slower-than", "0");
						redis.configSet("slowlog-max-len", "10000");
						redis.slowlogReset();
						redis.configResetstat();

						QueueDetailsDescriptor details = endpoint.queue(SecurityContext.NONE, this.queue);

						List<String> sent = commandsFromClients(redis);
						assertThat(details.processing()).hasSize(10);
						assertThat(details.recentCompleted()).hasSize(10);
						assertThat(details.recentFailed()).hasSize(10);
						assertThat(details.depths().pending()).isEqualTo(10);
						assertThat(details.delayed()).hasSize(10);
						assertThat(details.depths().delayed()).isEqualTo(15);
						// the depths, the flow state (pause, levels, groups), the three
						// lists
						// and the delayed list
						assertThat(sent).as("commands sent for one queue view").hasSizeLessThanOrEqualTo(6);
						assertThat(scriptCalls(redis)).as("EVALSHA calls in commandstats").isEqualTo(sent.size());
					});
			}
			finally {
				client.shutdown();
			}
		}
	}

	private void fill(JobQueueOperations operations, JobWorkerProtocol worker) {
		operations.enqueueAll(this.queue, Collections.nCopies(40, Map.of("n", 1)));
		for (int i = 0; i < 10; i++) {
			worker.complete(worker.claimAvailable(this.queue, 1).get(0), "done");
			worker.fail(worker.claimAvailable(this.queue, 1).get(0), "boom");
		}
		assertThat(worker.claimAvailable(this.queue, 10)).hasSize(10);
		operations.enqueueAll(this.queue, Collections.nCopies(15, Map.of("n", 1)),
				JobOptions.delay(Duration.ofHours(1)));
	}

	/** The slow log's entries but those of this test's own connection and of scripts. */
	private static List<String> commandsFromClients(RedisCommands<String, String> redis) {
		List<String> commands = new ArrayList<>();
		for (Object entry : redis.slowlogGet(10000)) {
			List<?> fields = (List<?>) entry;
			List<?> args = (List<?>) fields.get(3);
			String command = String.valueOf(args.get(0)).toLowerCase(Locale.ROOT);
			String clientAddress = (fields.size() > 4) ? String.valueOf(fields.get(4)) : "";
			if (!clientAddress.equals("?:0") && !command.equals("slowlog") && !command.equals("config")) {
				commands.add(command);
			}
		}
		return commands;
	}

	private static long scriptCalls(RedisCommands<String, String> redis) {
		long calls = 0;
		for (String line : redis.info("commandstats").split("\\r?\\n")) {
			if (line.startsWith("cmdstat_evalsha:") || line.startsWith("cmdstat_eval:")) {
				calls += Long.parseLong(line.replaceAll("^[^:]*:calls=(\\d+),.*", "$1"));
			}
		}
		return calls;
	}

	static class Handler {

		@JobHandler("${test.queue}")
		void handle(String payload) {
		}

	}

}
