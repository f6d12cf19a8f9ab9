package dev.jobqueue;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.core.StringRedisTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * Waiting for a job's result: the waiter and the worker use independent clients on
 * independent connection factories, as two instances would.
 */
class JobWaitTests extends AbstractRedisTests {

	private static final Duration LONG = Duration.ofSeconds(30);

	private LettuceConnectionFactory workerFactory;

	private JobQueueClients workerClients;

	private JobWorkerProtocol remote;

	@BeforeEach
	void workerInstance() {
		this.workerFactory = server.newConnectionFactory();
		this.workerClients = JobQueueClients.builder(new StringRedisTemplate(this.workerFactory)).build();
		this.remote = this.workerClients.workerProtocol();
	}

	@AfterEach
	void closeWorkerInstance() {
		this.workerClients.destroy();
		this.workerFactory.destroy();
	}

	@Test
	void enqueueAndWaitCompletesWithTheTypedResultWrittenByAnotherInstance() throws Exception {
		JobResultFuture<Sum> future = this.jobs.enqueueAndWait(this.queue, Map.of("a", 2, "b", 3), Sum.class, LONG);
		assertThat(future.getJobId()).hasSize(16);
		assertThat(future).isNotDone();

		ClaimedJob job = this.remote.claim(this.queue, Duration.ofSeconds(5)).orElseThrow();
		assertThat(job.id()).isEqualTo(future.getJobId());
		this.remote.complete(job, new Sum(5));

		assertThat(future.get(30, TimeUnit.SECONDS)).isEqualTo(new Sum(5));
		await().atMost(LONG).until(() -> this.clients.getOpenWaits() == 0);
	}

	@Test
	void theJobHashOfAWaitedJobIsTheReferencesPlainJob() throws Exception {
		JobResultFuture<Object> future = this.jobs.enqueueAndWait(this.queue, "x", Object.class, LONG);
		assertThat(hash(future.getJobId())).containsOnlyKeys("id", "payload", "status", "attempts", "enqueued_at_ms",
				"claim_token");
		future.cancel(false);
	}

	@Test
	void awaitingAJobThatFinishedBeforeTheCallCompletesAtOnce() throws Exception {
		String id = this.jobs.enqueue(this.queue, "x");
		this.remote.complete(this.remote.claim(this.queue, Duration.ofSeconds(5)).orElseThrow(), List.of(1, 2));

		JobResultFuture<List<Integer>> future = this.jobs.awaitJob(this.queue, id,
				new org.springframework.core.ParameterizedTypeReference<List<Integer>>() {
				}.getType(), LONG);

		assertThat(future.get(30, TimeUnit.SECONDS)).containsExactly(1, 2);
	}

	@Test
	void awaitingAnExistingJobCompletesWhenItFinishesLater() throws Exception {
		String id = this.jobs.enqueue(this.queue, "x");
		JobResultFuture<String> future = this.jobs.awaitJob(this.queue, id, String.class, LONG);
		JobResultFuture<String> second = this.jobs.awaitJob(this.queue, id, String.class, LONG);
		assertThat(future).isNotDone();

		this.remote.complete(this.remote.claim(this.queue, Duration.ofSeconds(5)).orElseThrow(), "done");

		assertThat(future.get(30, TimeUnit.SECONDS)).isEqualTo("\"done\"");
		assertThat(second.get(30, TimeUnit.SECONDS)).isEqualTo("\"done\"");
	}

	@Test
	void aFailedJobCompletesTheWaitExceptionallyWithItsLastError() {
		JobResultFuture<String> future = this.jobs.enqueueAndWait(this.queue, "x", String.class, LONG);
		this.remote.fail(this.remote.claim(this.queue, Duration.ofSeconds(5)).orElseThrow(),
				"java.lang.IllegalStateException: boom", false);

		assertThatThrownBy(() -> future.get(30, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class)
			.cause()
			.isInstanceOf(JobFailedException.class)
			.hasMessageContaining("boom")
			.satisfies((ex) -> assertThat(((JobFailedException) ex).getLastError())
				.isEqualTo("java.lang.IllegalStateException: boom"));
	}

	@Test
	void aRetryDoesNotEndTheWait() throws Exception {
		JobResultFuture<Integer> future = this.jobs.enqueueAndWait(this.queue, "x", Integer.class, LONG);
		this.remote.fail(this.remote.claim(this.queue, Duration.ofSeconds(5)).orElseThrow(), "transient");
		assertThat(hash(future.getJobId())).containsEntry("status", "pending");
		this.remote.complete(this.remote.claim(this.queue, Duration.ofSeconds(5)).orElseThrow(), 7);

		assertThat(future.get(30, TimeUnit.SECONDS)).isEqualTo(7);
	}

	@Test
	void aCancelledJobCompletesTheWaitWithJobCancelledException() {
		JobResultFuture<String> future = this.jobs.enqueueAndWait(this.queue, "x", String.class, LONG);
		this.jobs.cancel(this.queue, future.getJobId(), "no longer wanted");

		assertThatThrownBy(() -> future.get(30, TimeUnit.SECONDS)).cause()
			.isInstanceOf(JobCancelledException.class)
			.hasMessageContaining("no longer wanted");
	}

	@Test
	void waitingOnAnUnknownIdEndsAtOnceWithNoSuchJob() {
		JobResultFuture<String> future = this.jobs.awaitJob(this.queue, "0123456789abcdef", String.class, LONG);

		assertThatThrownBy(() -> future.get(30, TimeUnit.SECONDS)).cause()
			.isInstanceOf(NoSuchJobException.class)
			.hasMessageContaining("0123456789abcdef");
	}

	@Test
	void aResultThatDoesNotFitTheTypeEndsTheWaitWithAPayloadException() {
		JobResultFuture<Integer> future = this.jobs.enqueueAndWait(this.queue, "x", Integer.class, LONG);
		this.remote.complete(this.remote.claim(this.queue, Duration.ofSeconds(5)).orElseThrow(), Map.of("not", "int"));

		assertThatThrownBy(() -> future.get(30, TimeUnit.SECONDS)).cause()
			.isInstanceOf(JobPayloadException.class)
			.hasMessageContaining("does not fit java.lang.Integer");
		assertThat(hash(future.getJobId())).containsEntry("status", "completed");
	}

	@Test
	void aWaitTimesOutCleanlyAndTheJobGoesOn() {
		JobResultFuture<String> future = this.jobs.enqueueAndWait(this.queue, "x", String.class, millis(200));

		assertThatThrownBy(() -> future.get(30, TimeUnit.SECONDS)).cause()
			.isInstanceOf(TimeoutException.class)
			.hasMessageContaining("did not finish within PT0.2S");
		await().atMost(LONG).until(() -> this.clients.getOpenWaits() == 0);
		assertThat(hash(future.getJobId())).containsEntry("status", "pending");
	}

	@Test
	void manyWaitsShareOneSubscribedChannelPerQueue() {
		List<JobResultFuture<Object>> futures = new java.util.ArrayList<>();
		for (int i = 0; i < 50; i++) {
			futures.add(this.jobs.enqueueAndWait(this.queue, i, Object.class, LONG));
		}
		StatefulRedisPubSubConnection<String, String> probe = client.connectPubSub();
		try {
			Map<String, Long> subscribers = probe.sync().pubsubNumsub(this.keys.events());
			assertThat(subscribers).containsEntry(this.keys.events(), 1L);
		}
		finally {
			probe.close();
		}
		for (int i = 0; i < 50; i++) {
			this.remote.complete(this.remote.claim(this.queue, Duration.ofSeconds(5)).orElseThrow(), i);
		}
		await().atMost(LONG).until(() -> futures.stream().allMatch(JobResultFuture::isDone));
		assertThat(futures).allMatch((f) -> !f.isCompletedExceptionally());
	}

	@Test
	void stoppingTheClientsEndsOpenWaits() {
		JobResultFuture<String> future = this.jobs.enqueueAndWait(this.queue, "x", String.class, LONG);
		this.clients.stop();

		assertThatThrownBy(() -> future.get(30, TimeUnit.SECONDS)).cause()
			.isInstanceOf(JobQueueException.class)
			.hasMessageContaining("stopped");
	}

	@Test
	void anEnqueueThatIsRefusedThrowsAndLeavesNoWait() {
		use(template((name) -> QueueSettings.defaults(name).withMaxPayloadBytes(10)));
		assertThatThrownBy(() -> this.jobs.enqueueAndWait(this.queue, "x".repeat(100), String.class, LONG))
			.isInstanceOf(JobPayloadException.class);
		assertThat(this.clients.getOpenWaits()).isZero();
	}

	record Sum(int value) {
	}

}
