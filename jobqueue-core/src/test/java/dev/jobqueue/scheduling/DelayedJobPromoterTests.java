package dev.jobqueue.scheduling;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import dev.jobqueue.ClaimedJob;
import dev.jobqueue.JobOptions;
import dev.jobqueue.JobQueueClients;
import dev.jobqueue.QueueKeys;
import dev.jobqueue.QueueSettings;
import dev.jobqueue.test.RedisTestServer;
import dev.jobqueue.test.RedisTestServers;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.core.StringRedisTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Tests of {@link DelayedJobPromoter} on a real Redis and the real clock: it sleeps until
 * the next due time, wakes for a sooner job, and promoters racing on one queue move each
 * job once.
 */
class DelayedJobPromoterTests {

	private static RedisTestServer server;

	private static LettuceConnectionFactory connectionFactory;

	private static StringRedisTemplate redis;

	private final List<DelayedJobPromoter> promoters = new ArrayList<>();

	private String queue;

	private QueueKeys keys;

	private JobQueueClients clients;

	@BeforeAll
	static void connect() {
		server = RedisTestServers.shared();
		connectionFactory = server.newConnectionFactory();
		redis = new StringRedisTemplate(connectionFactory);
	}

	@AfterAll
	static void disconnect() {
		connectionFactory.destroy();
	}

	@BeforeEach
	void newQueue() {
		this.queue = "promoter-" + ProcessHandle.current().pid() + "-" + System.nanoTime();
		this.keys = QueueSettings.defaults(this.queue).keys();
		this.clients = JobQueueClients.builder(redis).build();
	}

	@AfterEach
	void stop() {
		this.promoters.forEach(DelayedJobPromoter::stop);
		this.clients.admin().purge(this.queue);
		this.clients.destroy();
	}

	private DelayedJobPromoter startPromoter(Duration idleCheck) {
		DelayedJobPromoter promoter = new DelayedJobPromoter(this.clients.workerProtocol(), () -> List.of(this.queue),
				connectionFactory, Clock.systemUTC(), idleCheck);
		this.promoters.add(promoter);
		promoter.start();
		return promoter;
	}

	@Test
	void jobEnqueuedWhileThePromoterSleepsIsWokenForNotPolledFor() {
		startPromoter(Duration.ofHours(1));
		this.clients.template().enqueue(this.queue, "far", JobOptions.delay(Duration.ofHours(2)));
		await().pollDelay(Duration.ofMillis(300)).atMost(Duration.ofSeconds(10)).until(() -> true);

		Instant due = Instant.now().plusMillis(200);
		String id = this.clients.template().enqueue(this.queue, "soon", JobOptions.runAt(due));

		ClaimedJob job = this.clients.workerProtocol().claim(this.queue, Duration.ofSeconds(10)).orElseThrow();
		assertThat(job.id()).isEqualTo(id);
		assertThat(job.claimedAt()).isAfterOrEqualTo(due);
		assertThat(this.clients.admin().stats(this.queue).delayedDepth()).isOne();
	}

	@Test
	void retryWithABackoffIsPromotedWhenItsDelayEnds() {
		startPromoter(Duration.ofHours(1));
		this.clients.template().enqueue(this.queue, "flaky");
		ClaimedJob first = this.clients.workerProtocol().claim(this.queue, Duration.ofSeconds(5)).orElseThrow();
		Instant failedAt = Instant.now();
		this.clients.workerProtocol().fail(first, "try later", true, Duration.ofMillis(300));

		ClaimedJob second = this.clients.workerProtocol().claim(this.queue, Duration.ofSeconds(10)).orElseThrow();
		assertThat(second.attempts()).isEqualTo(2);
		assertThat(second.claimedAt()).isAfterOrEqualTo(failedAt.plusMillis(300));
	}

	@Test
	void racingPromotersMoveEveryJobExactlyOnce() {
		List<Integer> payloads = new ArrayList<>();
		for (int i = 0; i < 3000; i++) {
			payloads.add(i);
		}
		List<String> ids = this.clients.template()
			.enqueueAll(this.queue, payloads, JobOptions.delay(Duration.ofMillis(500)));
		for (int i = 0; i < 4; i++) {
			startPromoter(Duration.ofHours(1));
		}

		await().atMost(Duration.ofSeconds(30))
			.until(() -> redis.opsForList().size(this.keys.pending()), (size) -> size != null && size >= 3000);
		List<String> pending = redis.opsForList().range(this.keys.pending(), 0, -1);
		Set<String> distinct = new HashSet<>(pending);
		assertThat(pending).hasSize(3000);
		assertThat(distinct).containsExactlyInAnyOrderElementsOf(ids);
		assertThat(redis.hasKey(this.keys.delayed())).isFalse();
	}

	@Test
	void stoppedPromoterLeavesDueJobsForTheNextOne() {
		DelayedJobPromoter promoter = startPromoter(Duration.ofHours(1));
		promoter.stop();
		String id = this.clients.template().enqueue(this.queue, 1, JobOptions.delay(Duration.ofMillis(50)));
		await().pollDelay(Duration.ofMillis(200)).atMost(Duration.ofSeconds(5)).until(() -> true);
		assertThat(redis.opsForZSet().score(this.keys.delayed(), id)).isNotNull();

		startPromoter(Duration.ofHours(1));

		assertThat(this.clients.workerProtocol().claim(this.queue, Duration.ofSeconds(10)).orElseThrow().id())
			.isEqualTo(id);
	}

}
