package dev.jobqueue.worker;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;

import dev.jobqueue.JobQueueClients;
import dev.jobqueue.test.RedisServerOptions;
import dev.jobqueue.test.RedisTestServer;
import dev.jobqueue.test.RedisTestServers;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.util.ReflectionUtils;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Tests of {@link ClaimMode#SHARED}: an application with 200 queues on a Redis of its
 * own, whose claim side holds a constant number of threads and connections, sends Redis
 * almost nothing while every queue is empty, runs jobs pushed by our producer and by a
 * plain reference-style HSET + LPUSH on any queue, and keeps doing so after its tracking
 * connections are killed.
 */
class SharedClaimsTests {

	private static final int QUEUES = 200;

	/**
	 * Connections of the application to Redis in shared mode, whatever the number of
	 * queues: the shared connection, the ready-channel subscription, the cancel
	 * subscription, the tracking connection and its invalidation subscriber.
	 */
	private static final int MAX_CONNECTIONS = 5;

	/**
	 * Claim-side threads of the application in shared mode, whatever the number of
	 * queues: the claim threads, the lease scheduler, the tracking's reconnect thread
	 * (while reconnecting), and the process-wide subscriptions' threads (events and
	 * subscribe).
	 */
	private static final int MAX_THREADS = SharedClaimThreads.CLAIM_THREADS + 4;

	private static RedisTestServer server;

	private static LettuceConnectionFactory connectionFactory;

	private static JobQueueClients clients;

	private static RedisClient admin;

	private static StatefulRedisConnection<String, String> adminConnection;

	private static final List<JobWorkerContainer> containers = new ArrayList<>();

	private static final Set<String> ran = ConcurrentHashMap.newKeySet();

	private static final String prefix = "s" + ProcessHandle.current().pid() + "-";

	@BeforeAll
	static void startTwoHundredQueues() {
		server = RedisTestServers.startOwned(RedisServerOptions.defaults());
		connectionFactory = server.newConnectionFactory();
		clients = JobQueueClients.builder(connectionFactory).build();
		admin = server.newLettuceClient();
		adminConnection = admin.connect();
		JobWorkerContainerFactory factory = new JobWorkerContainerFactory(clients.workerProtocol());
		factory.setClaimMode(ClaimMode.SHARED);
		factory
			.setSettings((name) -> new JobWorkerSettings(4, Duration.ofSeconds(1), Duration.ofSeconds(2), true, true));
		Recorder recorder = new Recorder();
		for (int i = 0; i < QUEUES; i++) {
			containers.add(container(factory, recorder, prefix + i));
		}
		// a queue whose pending list starts with another's: Redis refuses overlapping
		// tracking prefixes
		containers.add(container(factory, recorder, prefix + "0:pending:x"));
		containers.forEach(JobWorkerContainer::start);
	}

	private static JobWorkerContainer container(JobWorkerContainerFactory factory, Recorder recorder, String queue) {
		JobHandlerEndpoint endpoint = new JobHandlerEndpoint("record-" + queue, queue, null, recorder,
				ReflectionUtils.findMethod(Recorder.class, "handle", Map.class), null, null);
		return factory.createContainer(queue, List.of(endpoint));
	}

	@AfterAll
	static void stopAll() {
		containers.forEach(JobWorkerContainer::stop);
		clients.destroy();
		connectionFactory.destroy();
		adminConnection.close();
		admin.shutdown();
		server.close();
	}

	@Test
	void everyQueueClaimsSharedWithConstantThreadsAndConnections() {
		assertThat(containers).allSatisfy((container) -> assertThat(container.isSharedClaims()).isTrue());
		List<String> claimSide = Thread.getAllStackTraces()
			.keySet()
			.stream()
			.filter(Thread::isAlive)
			.map(Thread::getName)
			.filter((name) -> name.startsWith("jobqueue-") && !name.contains("-worker-") && !name.contains("-stop"))
			.toList();
		assertThat(claimSide).as("no queue has a claim-side thread of its own")
			.noneMatch((name) -> name.startsWith("jobqueue-" + prefix));
		assertThat(claimSide.size()).as("claim-side threads " + claimSide).isLessThanOrEqualTo(MAX_THREADS);
		// the test's own admin connection is one more client
		assertThat(infoField("clients", "connected_clients")).isLessThanOrEqualTo(MAX_CONNECTIONS + 1);
	}

	@Test
	void idleQueuesSendRedisAlmostNothing() throws InterruptedException {
		// let the start-up claims and wake-ups settle
		Thread.sleep(1000);
		long before = commandCalls();
		long started = System.nanoTime();
		Thread.sleep(5000);
		long calls = commandCalls() - before;
		double seconds = (System.nanoTime() - started) / 1e9;
		assertThat(calls / seconds).as(calls + " commands in " + seconds + " s while every queue is empty")
			.isLessThanOrEqualTo(2.0);
	}

	@Test
	void jobsPushedByOurProducerOrAReferenceStyleLpushRunOnAnyQueue() {
		List<String> expected = new ArrayList<>();
		for (int i = 0; i < 40; i++) {
			String queue = prefix + ThreadLocalRandom.current().nextInt(QUEUES);
			String payload = "p-" + i + "-" + System.nanoTime();
			if (i % 2 == 0) {
				clients.template().enqueue(queue, Map.of("p", payload));
			}
			else {
				referenceEnqueue(queue, payload);
			}
			expected.add(payload);
		}
		referenceEnqueue(prefix + "0:pending:x", "overlapping");
		expected.add("overlapping");
		await("every pushed job runs").atMost(Duration.ofSeconds(30)).until(() -> ran.containsAll(expected));
	}

	@Test
	void aJobPushedAfterTheTrackingConnectionsWereKilledRuns() {
		RedisCommands<String, String> redis = adminConnection.sync();
		List<Long> killed = new ArrayList<>();
		for (String line : redis.clientList().split("\n")) {
			Map<String, String> fields = fields(line);
			String redirect = fields.getOrDefault("redir", "-1");
			if (fields.getOrDefault("flags", "").contains("t") && !"-1".equals(redirect)) {
				killed.add(Long.parseLong(fields.get("id")));
				killed.add(Long.parseLong(redirect));
			}
		}
		assertThat(killed).as("the tracking connection and its subscriber").hasSize(2);
		for (Long id : killed) {
			redis.clientKill(io.lettuce.core.KillArgs.Builder.id(id));
		}
		await("tracking is back on another connection").atMost(Duration.ofSeconds(30)).until(() -> {
			for (String line : redis.clientList().split("\n")) {
				Map<String, String> fields = fields(line);
				if (fields.getOrDefault("flags", "").contains("t") && !killed.contains(Long.parseLong(fields.get("id")))
						&& !"-1".equals(fields.getOrDefault("redir", "-1"))) {
					return true;
				}
			}
			return false;
		});
		String queue = prefix + ThreadLocalRandom.current().nextInt(QUEUES);
		referenceEnqueue(queue, "after-kill");
		await("the job pushed after the kill runs").atMost(Duration.ofSeconds(30))
			.until(() -> ran.contains("after-kill"));
	}

	/**
	 * Enqueues as the reference helpers do: HSET of the job hash, then LPUSH of the id,
	 * in one MULTI/EXEC.
	 */
	private static void referenceEnqueue(String queue, String payload) {
		RedisCommands<String, String> redis = adminConnection.sync();
		String id = String.format("%016x", ThreadLocalRandom.current().nextLong());
		redis.multi();
		redis.hset("queue:" + queue + ":job:" + id,
				Map.of("id", id, "payload", "{\"p\":\"" + payload + "\"}", "status", "pending", "attempts", "0",
						"enqueued_at_ms", String.valueOf(System.currentTimeMillis()), "claim_token", ""));
		redis.lpush("queue:" + queue + ":pending", id);
		redis.exec();
	}

	private static Map<String, String> fields(String clientListLine) {
		Map<String, String> fields = new ConcurrentHashMap<>();
		for (String field : clientListLine.trim().split(" ")) {
			int equals = field.indexOf('=');
			if (equals > 0) {
				fields.put(field.substring(0, equals), field.substring(equals + 1));
			}
		}
		return fields;
	}

	private static long infoField(String section, String name) {
		for (String line : adminConnection.sync().info(section).split("\r?\n")) {
			if (line.startsWith(name + ":")) {
				return Long.parseLong(line.substring(name.length() + 1).trim());
			}
		}
		throw new IllegalStateException("No " + name + " in INFO " + section);
	}

	/**
	 * Sums the calls of every command but the INFO and CLIENT commands the test itself
	 * sends.
	 */
	private static long commandCalls() {
		long calls = 0;
		for (String line : adminConnection.sync().info("commandstats").split("\r?\n")) {
			if (!line.startsWith("cmdstat_") || line.startsWith("cmdstat_info:")
					|| line.startsWith("cmdstat_client|list:")) {
				continue;
			}
			int start = line.indexOf("calls=") + 6;
			calls += Long.parseLong(line.substring(start, line.indexOf(',', start)));
		}
		return calls;
	}

	/**
	 * Records the payload text of every job it runs.
	 */
	static final class Recorder {

		public void handle(Map<String, String> payload) {
			ran.add(payload.get("p"));
		}

	}

}
