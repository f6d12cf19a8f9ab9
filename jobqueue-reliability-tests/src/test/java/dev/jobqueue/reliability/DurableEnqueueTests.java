package dev.jobqueue.reliability;

import java.time.Duration;
import java.util.List;
import java.util.stream.IntStream;

import dev.jobqueue.JobQueueException;
import dev.jobqueue.JobQueueClients;
import dev.jobqueue.JobQueueTemplate;
import dev.jobqueue.launcher.RedisServerProcess;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.core.StringRedisTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

/**
 * {@link JobQueueClients.Builder#enqueueReplicas}: an enqueue that returns has reached
 * the replica; one that did not reach it in time fails loudly. Measures what the
 * guarantee costs.
 */
class DurableEnqueueTests {

	static RedisServerProcess primary;

	static RedisServerProcess replica;

	static LettuceConnectionFactory factory;

	static StringRedisTemplate redis;

	@BeforeAll
	static void startPrimaryAndReplica() {
		primary = RedisNodes.server("durable-primary");
		replica = RedisNodes.server("durable-replica", "--replicaof", "127.0.0.1", String.valueOf(primary.port()));
		factory = new LettuceConnectionFactory("127.0.0.1", primary.port());
		factory.afterPropertiesSet();
		factory.start();
		redis = new StringRedisTemplate(factory);
		await("replica in sync").atMost(Duration.ofSeconds(60))
			.until(() -> RedisNodes.info(replica, "replication").contains("master_link_status:up"));
	}

	@AfterAll
	static void stop() {
		if (factory != null) {
			factory.destroy();
		}
		if (replica != null) {
			replica.close();
		}
		if (primary != null) {
			primary.close();
		}
	}

	@Test
	void anAcknowledgedEnqueueIsOnTheReplicaAndCostsLittle() {
		String queue = "durable-" + System.nanoTime();
		JobQueueClients plain = JobQueueClients.builder(redis).build();
		// WAIT returns as soon as the replica acknowledges; the timeout only has to be
		// generous enough for a loaded machine
		JobQueueClients durable = JobQueueClients.builder(redis).enqueueReplicas(1, Duration.ofSeconds(10)).build();
		LettuceConnectionFactory replicaFactory = new LettuceConnectionFactory("127.0.0.1", replica.port());
		replicaFactory.afterPropertiesSet();
		replicaFactory.start();
		try {
			int count = 1000;
			for (int i = 0; i < 200; i++) {
				plain.template().enqueue(queue, i);
				durable.template().enqueue(queue, i);
			}
			long plainStart = System.nanoTime();
			IntStream.range(0, count).forEach((i) -> plain.template().enqueue(queue, i));
			double plainMicros = (System.nanoTime() - plainStart) / 1e3 / count;
			long durableStart = System.nanoTime();
			List<String> ids = IntStream.range(0, count).mapToObj((i) -> durable.template().enqueue(queue, i)).toList();
			double durableMicros = (System.nanoTime() - durableStart) / 1e3 / count;
			long batchStart = System.nanoTime();
			durable.template().enqueueAll(queue, IntStream.range(0, count).boxed().toList());
			double batchMicros = (System.nanoTime() - batchStart) / 1e3 / count;

			StringRedisTemplate onReplica = new StringRedisTemplate(replicaFactory);
			assertThat(onReplica.hasKey(durable.admin().settings(queue).keys().job(ids.get(count - 1)))).isTrue();
			System.out.printf(
					"RELIABILITY: durable enqueue (WAIT 1 replica): %.0f us per enqueue vs %.0f us plain, "
							+ "one at a time on loopback; %.1f us per job in batches of 1000%n",
					durableMicros, plainMicros, batchMicros);
		}
		finally {
			plain.admin().purge(queue);
			plain.destroy();
			durable.destroy();
			replicaFactory.destroy();
		}
	}

	@Test
	void anEnqueueTheReplicaDidNotAcknowledgeInTimeFailsWithAClearError() {
		String queue = "durable-" + System.nanoTime();
		JobQueueClients durable = JobQueueClients.builder(redis).enqueueReplicas(1, Duration.ofMillis(300)).build();
		replica.freeze();
		try {
			assertThatExceptionOfType(JobQueueException.class).isThrownBy(() -> durable.template().enqueue(queue, "x"))
				.withMessageContaining("acknowledged by 0 of 1 replicas within 300 ms")
				.withMessageContaining("enqueueIfAbsent");
		}
		finally {
			replica.thaw();
			durable.admin().purge(queue);
			durable.destroy();
		}
	}

	@Test
	void enqueueIfAbsentWaitsForTheReplicaToo() {
		String queue = "durable-" + System.nanoTime();
		JobQueueClients durable = JobQueueClients.builder(redis).enqueueReplicas(1, Duration.ofMillis(300)).build();
		try {
			assertThat(durable.template().enqueueIfAbsent(queue, "order-1", "x")).isTrue();
			assertThat(durable.template().enqueueIfAbsent(queue, "order-1", "x")).isFalse();
			replica.freeze();
			assertThatExceptionOfType(JobQueueException.class)
				.isThrownBy(() -> durable.template().enqueueIfAbsent(queue, "order-2", "x"));
		}
		finally {
			replica.thaw();
			durable.admin().purge(queue);
			durable.destroy();
		}
	}

	@Test
	void theStarterWaitsForReplicasWhenConfiguredTo() {
		String queue = "durable-starter-" + System.nanoTime();
		try (StarterApp app = StarterApp.start(List.of(), "spring.data.redis.port=" + primary.port(),
				"jobqueue.producer.wait-for-replicas=1", "jobqueue.producer.wait-timeout=300ms")) {
			try {
				assertThat(app.operations().enqueue(queue, "x")).hasSize(16);
				replica.freeze();
				assertThatExceptionOfType(JobQueueException.class)
					.isThrownBy(() -> app.operations().enqueue(queue, "y"))
					.withMessageContaining("acknowledged by 0 of 1 replicas within 300 ms");
			}
			finally {
				replica.thaw();
				app.admin().purge(queue);
			}
		}
	}

}
