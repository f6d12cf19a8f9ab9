package dev.jobqueue.worker;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import dev.jobqueue.JobQueueClients;
import dev.jobqueue.QueueSettings;
import dev.jobqueue.ReclaimResult;
import dev.jobqueue.test.RedisTestServer;
import dev.jobqueue.test.RedisTestServers;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Tests of the {@link JobsReclaimedEvent} that {@link JobQueueReclaimer} publishes, on a
 * real Redis.
 */
class JobQueueReclaimerEventTests {

	private static final Duration VISIBILITY = Duration.ofMillis(50);

	private final String queue = "t" + ProcessHandle.current().pid() + "-reclaim-event-" + System.nanoTime();

	private final List<Object> events = new CopyOnWriteArrayList<>();

	private LettuceConnectionFactory connectionFactory;

	private JobQueueClients clients;

	private JobQueueReclaimer reclaimer;

	@BeforeEach
	void createReclaimer() {
		RedisTestServer server = RedisTestServers.shared();
		this.connectionFactory = server.newConnectionFactory();
		this.clients = JobQueueClients.builder(this.connectionFactory)
			.settings((name) -> QueueSettings.defaults(name).withVisibilityTimeout(VISIBILITY))
			.build();
		this.reclaimer = new JobQueueReclaimer(this.clients.admin(), () -> List.of(this.queue),
				(name) -> Duration.ofMillis(20));
		this.reclaimer.setApplicationEventPublisher(this.events::add);
	}

	@AfterEach
	void cleanUp() {
		this.reclaimer.stop();
		this.clients.admin().purge(this.queue);
		this.clients.destroy();
		this.connectionFactory.destroy();
	}

	@Test
	void aSweepThatReturnsJobsPublishesWhatItDid() {
		String id = this.clients.template().enqueue(this.queue, Map.of("n", 1));
		assertThat(this.clients.workerProtocol().claim(this.queue, Duration.ofSeconds(1))).isPresent();
		ReclaimResult result = await().atMost(Duration.ofSeconds(30))
			.until(() -> this.reclaimer.reclaim(this.queue), (swept) -> !swept.isEmpty());
		assertThat(result.reclaimed()).containsExactly(id);
		assertThat(this.events).singleElement().isInstanceOfSatisfying(JobsReclaimedEvent.class, (event) -> {
			assertThat(event.getSource()).isSameAs(this.reclaimer);
			assertThat(event.getQueue()).isEqualTo(this.queue);
			assertThat(event.getResult()).isEqualTo(result);
		});
	}

	@Test
	void aSweepThatChangesNothingPublishesNothing() {
		this.clients.template().enqueue(this.queue, Map.of("n", 1));
		assertThat(this.reclaimer.reclaim(this.queue).isEmpty()).isTrue();
		assertThat(this.events).isEmpty();
	}

	@Test
	void scheduledSweepsPublishToo() {
		String id = this.clients.template().enqueue(this.queue, Map.of("n", 1));
		assertThat(this.clients.workerProtocol().claim(this.queue, Duration.ofSeconds(1))).isPresent();
		this.reclaimer.start();
		await().atMost(Duration.ofSeconds(30)).until(() -> !this.events.isEmpty());
		JobsReclaimedEvent event = (JobsReclaimedEvent) this.events.get(0);
		assertThat(event.getResult().reclaimed()).containsExactly(id);
	}

}
