package dev.jobqueue;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.TreeMap;
import java.util.stream.IntStream;

import dev.jobqueue.test.RedisServerOptions;
import dev.jobqueue.test.RedisTestServer;
import dev.jobqueue.test.RedisTestServers;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The Redis commands a plain job costs in the hot flows, counted with INFO commandstats
 * on a Redis of the test's own (nothing else sends it commands, so the counts are exact):
 * a count, not a time.
 */
class JobCommandCostTests {

	private static final int JOBS = 50;

	private static RedisTestServer server;

	private static LettuceConnectionFactory connectionFactory;

	private static RedisClient client;

	private static StatefulRedisConnection<String, String> connection;

	private static RedisCommands<String, String> redis;

	private JobQueueClients clients;

	private String queue;

	@BeforeAll
	static void start() {
		server = RedisTestServers.startOwned(RedisServerOptions.defaults());
		connectionFactory = server.newConnectionFactory();
		client = server.newLettuceClient();
		connection = client.connect();
		redis = connection.sync();
	}

	@AfterAll
	static void stop() {
		connection.close();
		client.shutdown();
		connectionFactory.destroy();
		server.close();
	}

	@BeforeEach
	void newQueue() {
		this.clients = JobQueueClients.builder(connectionFactory).build();
		this.queue = "cost-" + System.nanoTime();
	}

	@AfterEach
	void destroy() {
		this.clients.destroy();
	}

	@Test
	void aPlainJobDrainedOneAtATimeThroughCompleteAndClaim() {
		JobQueueTemplate jobs = this.clients.template();
		JobWorkerProtocol worker = this.clients.workerProtocol();
		jobs.enqueueAll(this.queue, IntStream.range(0, JOBS + 2).boxed().toList());
		// the first complete-and-claim loads the scripts: not counted
		ClaimedJob job = worker.claimAvailable(this.queue, 1).get(0);
		job = worker.completeAndClaim(job, "done", 1).claimed().get(0);
		redis.configResetstat();

		for (int i = 0; i < JOBS; i++) {
			CompleteAndClaimResult result = worker.completeAndClaim(job, "done", 1);
			assertThat(result.completed()).isTrue();
			job = result.claimed().get(0);
		}

		Map<String, Long> calls = commandCalls();
		System.out.println("COMMANDS per job, complete-and-claim one at a time: " + perJob(calls) + " " + calls);
		assertThat(calls).containsEntry("evalsha", (long) JOBS);
		assertThat(calls).as("remove_entry on a short processing list sends no LPOS probe").doesNotContainKey("lpos");
		assertThat(calls)
			.as("one HGET per job, the claim's paused flag: the completion reads the deduplication "
					+ "window with its token check's HMGET")
			.containsEntry("hget", (long) JOBS)
			.containsEntry("hmget", 2L * JOBS);
	}

	@Test
	void blockingClaimsOnAKeptConnectionAskForItsClientIdOnce() {
		JobWorkerProtocol worker = this.clients.workerProtocol();
		// subscribes to the ready channel and loads the scripts: not counted
		assertThat(worker.claim(this.queue, Duration.ofMillis(20))).isEmpty();
		redis.configResetstat();

		for (int i = 0; i < 10; i++) {
			assertThat(worker.claim(this.queue, Duration.ofMillis(20))).isEmpty();
		}

		Map<String, Long> calls = commandCalls();
		System.out.println("COMMANDS of 10 blocking claims on an empty queue: " + calls);
		assertThat(calls).containsEntry("blmove", 10L);
		assertThat(calls.getOrDefault("client|id", 0L))
			.as("the id a wake-up unblocks the connection by is asked once per kept connection")
			.isZero();
		assertThat(calls).doesNotContainKeys("multi", "exec");
	}

	@Test
	void aClaimOfSeveralFreeWorkersLooksAtAnEmptyQueueOnceBeforeItBlocks() {
		JobQueueTemplate jobs = this.clients.template();
		JobWorkerProtocol worker = this.clients.workerProtocol();
		// subscribes to the ready channel and loads the scripts: not counted
		assertThat(worker.claim(this.queue, 4, Duration.ofMillis(20))).isEmpty();
		redis.configResetstat();

		for (int i = 0; i < 10; i++) {
			assertThat(worker.claim(this.queue, 4, Duration.ofMillis(20))).isEmpty();
		}
		Map<String, Long> idle = commandCalls();
		List<String> ids = jobs.enqueueAll(this.queue, List.of(1, 2, 3));
		redis.configResetstat();
		List<ClaimedJob> claimed = worker.claim(this.queue, 4, Duration.ofSeconds(30));

		assertThat(idle).containsEntry("evalsha", 10L).containsEntry("blmove", 10L);
		assertThat(claimed).extracting(ClaimedJob::id).containsExactlyElementsOf(ids);
		assertThat(commandCalls()).as("the pending jobs in one claim, no wait")
			.containsEntry("evalsha", 1L)
			.doesNotContainKey("blmove");
	}

	@Test
	void aJobOfAnotherLevelEndsABlockedClaimWithClientUnblock() throws Exception {
		JobQueueTemplate jobs = this.clients.template();
		JobWorkerProtocol worker = this.clients.workerProtocol();
		// subscribes to the ready channel and keeps a connection whose id is known
		assertThat(worker.claim(this.queue, Duration.ofMillis(20))).isEmpty();
		CompletableFuture<Optional<ClaimedJob>> claim = CompletableFuture
			.supplyAsync(() -> worker.claim(this.queue, Duration.ofSeconds(120)));
		await().atMost(Duration.ofSeconds(30)).until(() -> RedisInfo.blockedClients(redis) > 0);
		redis.configResetstat();

		String id = jobs.enqueue(this.queue, 1, JobOptions.priority(JobOptions.LOW));

		assertThat(claim.get(60, TimeUnit.SECONDS)).map(ClaimedJob::id).contains(id);
		Map<String, Long> calls = commandCalls();
		// Redis 7 counts CLIENT UNBLOCK as client|unblock, Redis 6.2 as client
		assertThat(calls.getOrDefault("client|unblock", calls.get("client")))
			.as("the ready message unblocked the claim's BLMOVE: %s", calls)
			.isEqualTo(1L);
	}

	@Test
	void aBatchClaimAsksAboutAnEmptyLevelAndAnEmptyRotationOnce() {
		JobQueueTemplate jobs = this.clients.template();
		JobWorkerProtocol worker = this.clients.workerProtocol();
		jobs.enqueueAll(this.queue, IntStream.range(0, JOBS + 1).boxed().toList());
		// loads the script: not counted
		worker.claimAvailable(this.queue, 1);
		redis.configResetstat();

		assertThat(worker.claimAvailable(this.queue, JOBS)).hasSize(JOBS);

		Map<String, Long> calls = commandCalls();
		System.out.println("COMMANDS per job, a batch claim of " + JOBS + ": " + perJob(calls) + " " + calls);
		assertThat(calls).containsEntry("evalsha", 1L);
		assertThat(calls).as("one RPOP per job and one of the empty high level").containsEntry("rpop", JOBS + 1L);
		assertThat(calls).as("one LLEN of the empty rotation of groups").containsEntry("llen", 1L);
	}

	@Test
	void aBatchClaimOfLowJobsAsksAboutTheEmptyHigherLevelsOnce() {
		JobQueueTemplate jobs = this.clients.template();
		JobWorkerProtocol worker = this.clients.workerProtocol();
		jobs.enqueueAll(this.queue, IntStream.range(0, JOBS + 1).boxed().toList(), JobOptions.priority(JobOptions.LOW));
		worker.claimAvailable(this.queue, 1);
		redis.configResetstat();

		assertThat(worker.claimAvailable(this.queue, JOBS)).hasSize(JOBS);

		Map<String, Long> calls = commandCalls();
		System.out.println("COMMANDS per job, a batch claim of " + JOBS + " low jobs: " + perJob(calls) + " " + calls);
		assertThat(calls).as("one RPOP per job, one of the empty high level and one of the empty pending list")
			.containsEntry("rpop", JOBS + 2L);
		assertThat(calls).containsEntry("llen", 1L);
	}

	/** Calls per command since the reset, less the test's own INFO and CONFIG. */
	private static Map<String, Long> commandCalls() {
		Map<String, Long> calls = new TreeMap<>();
		for (String line : redis.info("commandstats").split("\r?\n")) {
			if (!line.startsWith("cmdstat_")) {
				continue;
			}
			String command = line.substring("cmdstat_".length(), line.indexOf(':'));
			if (command.equals("info") || command.startsWith("config")) {
				continue;
			}
			int start = line.indexOf("calls=") + "calls=".length();
			calls.put(command, Long.parseLong(line.substring(start, line.indexOf(',', start))));
		}
		return calls;
	}

	private static double perJob(Map<String, Long> calls) {
		return calls.values().stream().mapToLong(Long::longValue).sum() / (double) JOBS;
	}

}
