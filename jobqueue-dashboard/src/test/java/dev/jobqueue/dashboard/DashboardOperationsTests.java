package dev.jobqueue.dashboard;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.IntStream;

import dev.jobqueue.ClaimedJob;
import dev.jobqueue.JobQueueAdmin;
import dev.jobqueue.JobQueueClients;
import dev.jobqueue.JobQueueTemplate;
import dev.jobqueue.JobState;
import dev.jobqueue.test.RedisTestServers;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import org.springframework.data.redis.connection.RedisStandaloneConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.core.StringRedisTemplate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link DashboardOperations} on a real Redis.
 */
class DashboardOperationsTests {

	static LettuceConnectionFactory connectionFactory;

	static StringRedisTemplate redis;

	static JobQueueClients clients;

	static JobQueueTemplate jobs;

	static JobQueueAdmin admin;

	final String queue = "ops-" + ProcessHandle.current().pid() + "-" + System.nanoTime();

	final DashboardOperations operations = new DashboardOperations(jobs, admin, redis, () -> Set.of(this.queue));

	@BeforeAll
	static void connect() {
		var server = RedisTestServers.shared();
		connectionFactory = new LettuceConnectionFactory(
				new RedisStandaloneConfiguration(server.host(), server.port()));
		connectionFactory.afterPropertiesSet();
		connectionFactory.start();
		redis = new StringRedisTemplate(connectionFactory);
		clients = JobQueueClients.builder(redis).build();
		jobs = clients.template();
		admin = clients.admin();
	}

	@AfterAll
	static void disconnect() {
		clients.destroy();
		connectionFactory.destroy();
	}

	@Test
	void pendingPagesGoOldestFirst() {
		List<String> ids = jobs.enqueueAll(this.queue, IntStream.range(0, 7).boxed().toList());
		DashboardOperations.Page first = this.operations.page(this.queue, JobState.PENDING, 0, 3);
		DashboardOperations.Page last = this.operations.page(this.queue, JobState.PENDING, 2, 3);
		assertThat(first.total()).isEqualTo(7);
		assertThat(first.jobs()).extracting(DashboardOperations.Row::id).isEqualTo(ids.subList(0, 3));
		assertThat(last.jobs()).extracting(DashboardOperations.Row::id).containsExactly(ids.get(6));
		assertThat(this.operations.page(this.queue, JobState.PENDING, 3, 3).jobs()).isEmpty();
		assertThat(first.jobs().get(0).status()).isEqualTo("pending");
		assertThat(first.jobs().get(0).enqueuedAtMs()).isPositive();
	}

	@Test
	void failedPagesGoNewestFirstWithTheirErrors() {
		List<String> failed = new ArrayList<>();
		jobs.enqueueAll(this.queue, List.of(1, 2, 3));
		for (ClaimedJob job : clients.workerProtocol().claimAvailable(this.queue, 3)) {
			clients.workerProtocol().fail(job, "x".repeat(400), false);
			failed.add(0, job.id());
		}
		DashboardOperations.Page page = this.operations.page(this.queue, JobState.FAILED, 0, 2);
		assertThat(page.jobs()).extracting(DashboardOperations.Row::id).isEqualTo(failed.subList(0, 2));
		assertThat(page.jobs().get(0).lastError()).hasSize(301).endsWith("…");
		assertThat(page.jobs().get(0).attempts()).isEqualTo(1);
		assertThat(page.jobs().get(0).updatedAtMs()).isGreaterThanOrEqualTo(page.jobs().get(0).enqueuedAtMs());
	}

	@Test
	void anIdWhoseHashIsGoneIsListedAsMissing() {
		String id = jobs.enqueue(this.queue, "x");
		redis.delete(admin.settings(this.queue).keys().job(id));
		assertThat(this.operations.page(this.queue, JobState.PENDING, 0, 10).jobs()).singleElement()
			.satisfies((row) -> assertThat(row.status()).isEqualTo("missing"));
	}

	@Test
	void depthsAndKnownQueues() {
		jobs.enqueueAll(this.queue, List.of(1, 2));
		clients.workerProtocol().claimAvailable(this.queue, 1);
		assertThat(this.operations.depths(this.queue)).isEqualTo(new DashboardOperations.Depths(1, 1, 0, 0, 0, false));
		assertThat(this.operations.isKnown(this.queue)).isTrue();
		assertThat(this.operations.isKnown("other")).isFalse();
	}

}
