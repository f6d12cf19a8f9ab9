package dev.jobqueue.reliability;

import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import dev.jobqueue.JobCancellation;
import dev.jobqueue.JobCancelledException;
import dev.jobqueue.JobFailedException;
import dev.jobqueue.JobOptions;
import dev.jobqueue.JobQueueClients;
import dev.jobqueue.JobQueueTemplate;
import dev.jobqueue.JobResultFuture;
import dev.jobqueue.test.RedisServerOptions;
import dev.jobqueue.test.RedisTestServer;
import dev.jobqueue.test.RedisTestServers;
import org.junit.jupiter.api.Test;

import org.springframework.data.redis.connection.RedisStandaloneConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceClientConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.core.RedisCallback;
import org.springframework.data.redis.core.StringRedisTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * The lifecycle API across two JVMs: this JVM enqueues and waits, a worker JVM
 * ({@link LifecycleWorkerMain}) runs the jobs, on a Redis this test starts. Measures what
 * 1,000 concurrent waits cost in connections and threads.
 */
class LifecycleTests {

	private static final Duration LONG = Duration.ofMinutes(2);

	private static final String WAITER = "lifecycle-waiter";

	@Test
	void waitsCancelsAndThousandConcurrentWaitsAcrossJvms() throws Exception {
		String queue = "lifecycle-" + ProcessHandle.current().pid();
		Path dir = RedisNodes.newDirectory("lifecycle");
		try (RedisTestServer server = RedisTestServers.startOwned(RedisServerOptions.defaults())) {
			WorkerProcess worker = WorkerProcess.start(dir, "lifecycle-worker", LifecycleWorkerMain.class,
					List.of(String.valueOf(server.port()), queue, "4"));
			// a client name of its own, so CLIENT LIST tells the waiter's connections
			// from
			// the worker JVM's
			LettuceConnectionFactory factory = new LettuceConnectionFactory(
					new RedisStandaloneConfiguration(server.host(), server.port()),
					LettuceClientConfiguration.builder().clientName(WAITER).build());
			factory.afterPropertiesSet();
			factory.start();
			StringRedisTemplate redis = new StringRedisTemplate(factory);
			JobQueueClients clients = JobQueueClients.builder(redis).build();
			try {
				await("worker ready").atMost(Duration.ofMinutes(3)).until(worker::isReady);
				JobQueueTemplate jobs = clients.template();
				// the application's shared connection is open before the measurement,
				// the waits' subscription is not
				jobs.getJob(queue, "0000000000000000");
				// and the worker JVM has opened its connections (its claims block on
				// connections of their own)
				String warmUp = jobs.enqueue(queue, 0);
				await().atMost(LONG).until(() -> "completed".equals(jobs.getJob(queue, warmUp).orElseThrow().status()));
				thousandConcurrentWaits(jobs, redis, queue);

				// a result computed in the other JVM, typed
				JobResultFuture<Map<String, Integer>> doubled = jobs.enqueueAndWait(queue, 21, JobOptions.none(),
						Map.class, LONG);
				assertThat(doubled.get(2, TimeUnit.MINUTES)).containsEntry("doubled", 42);
				assertThat(jobs.getJob(queue, doubled.getJobId()).orElseThrow().fields()).containsEntry("progress",
						"50");

				// a failure in the other JVM, with its last_error
				JobResultFuture<Object> failing = jobs.enqueueAndWait(queue, -1, Object.class, LONG);
				assertThatThrownBy(() -> failing.get(2, TimeUnit.MINUTES)).cause()
					.isInstanceOf(JobFailedException.class)
					.hasMessageContaining("negative: -1");

				// a running job in the other JVM cancelled from this one
				JobResultFuture<Object> running = jobs.enqueueAndWait(queue, -2, Object.class, LONG);
				await().atMost(LONG)
					.until(() -> "processing".equals(jobs.getJob(queue, running.getJobId()).orElseThrow().status()));
				JobCancellation cancellation = jobs.cancel(queue, running.getJobId(), "from the other JVM");
				assertThat(cancellation.outcome()).isEqualTo(JobCancellation.Outcome.CANCELLED_RUNNING);
				assertThatThrownBy(() -> running.get(2, TimeUnit.MINUTES)).cause()
					.isInstanceOf(JobCancelledException.class)
					.hasMessageContaining("from the other JVM");
				await().atMost(LONG)
					.until(() -> worker.output().contains("LATE COMPLETION REFUSED " + running.getJobId()));
				assertThat(worker.output()).contains("TOLD CANCELLED " + running.getJobId());
				assertThat(jobs.getJob(queue, running.getJobId()).orElseThrow().status()).isEqualTo("cancelled");
			}
			finally {
				clients.destroy();
				factory.destroy();
				worker.kill(Duration.ofSeconds(30));
			}
		}
	}

	private static long waiterConnections(StringRedisTemplate redis) {
		String clients = redis.execute((RedisCallback<String>) (connection) -> {
			Object list = connection.execute("CLIENT", "LIST".getBytes(StandardCharsets.UTF_8));
			return (list instanceof byte[] bytes) ? new String(bytes, StandardCharsets.UTF_8) : String.valueOf(list);
		});
		return clients.lines().filter((line) -> line.contains(" name=" + WAITER + " ")).count();
	}

	private void thousandConcurrentWaits(JobQueueTemplate jobs, StringRedisTemplate redis, String queue)
			throws Exception {
		int waits = 1000;
		long waiterConnectionsBefore = waiterConnections(redis);
		long connectionsBefore = RedisInfo.field(redis, "stats", "total_connections_received");
		long clientsBefore = RedisInfo.field(redis, "clients", "connected_clients");
		int threadsBefore = ManagementFactory.getThreadMXBean().getThreadCount();
		long started = System.nanoTime();
		List<JobResultFuture<Map<String, Integer>>> futures = new ArrayList<>(waits);
		for (int i = 0; i < waits; i++) {
			futures.add(jobs.enqueueAndWait(queue, i, JobOptions.none(), Map.class, LONG));
		}
		int threadsWhileWaiting = ManagementFactory.getThreadMXBean().getThreadCount();
		long clientsWhileWaiting = RedisInfo.field(redis, "clients", "connected_clients");
		long waiterConnectionsWhileWaiting = waiterConnections(redis);
		for (int i = 0; i < waits; i++) {
			assertThat(futures.get(i).get(2, TimeUnit.MINUTES)).containsEntry("doubled", 2 * i);
		}
		long tookMs = (System.nanoTime() - started) / 1_000_000;
		long connectionsOpened = RedisInfo.field(redis, "stats", "total_connections_received") - connectionsBefore;
		int threadsAdded = threadsWhileWaiting - threadsBefore;
		long waiterConnectionsAdded = waiterConnectionsWhileWaiting - waiterConnectionsBefore;
		System.out.println("RELIABILITY: " + waits + " concurrent waits (waiter JVM, worker in another JVM): waiter "
				+ "connections " + waiterConnectionsBefore + " -> " + waiterConnectionsWhileWaiting
				+ " (CLIENT LIST), total_connections_received +" + connectionsOpened + " and connected_clients "
				+ clientsBefore + " -> " + clientsWhileWaiting + " (both JVMs), waiter threads " + threadsBefore
				+ " -> " + threadsWhileWaiting + " (+" + threadsAdded + "), all " + waits + " completed in " + tookMs
				+ " ms");
		// the one subscription connection (a reconnect would replace it, not add one)
		assertThat(waiterConnectionsAdded).as("waiter connections opened for %d waits", waits).isLessThanOrEqualTo(2);
		assertThat(connectionsOpened).as("connections opened while %d waits ran", waits).isLessThanOrEqualTo(10);
		assertThat(threadsAdded).as("threads started for %d waits", waits).isLessThanOrEqualTo(10);
	}

}
