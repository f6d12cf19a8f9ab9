package dev.jobqueue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import io.lettuce.core.pubsub.RedisPubSubAdapter;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Cancelling jobs in every state, and cancellation racing completion.
 */
class CancelTests extends AbstractRedisTests {

	@Test
	void aPendingJobIsRemovedAtomicallyAndNeverRuns() {
		String id = this.jobs.enqueue(this.queue, "x");

		JobCancellation cancellation = this.jobs.cancel(this.queue, id);

		assertThat(cancellation.outcome()).isEqualTo(JobCancellation.Outcome.CANCELLED);
		assertThat(cancellation.previousStatus()).isEqualTo("pending");
		assertThat(list(this.keys.pending())).isEmpty();
		assertThat(list(this.keys.cancelled())).containsExactly(id);
		assertThat(hash(id)).containsEntry("status", "cancelled")
			.containsEntry("last_error", "cancelled")
			.containsEntry("cancelled_at_ms", String.valueOf(T0));
		assertThat(redis.ttl(this.keys.job(id))).isBetween(1L, 300L);
		assertThat(this.worker.claimAvailable(this.queue, 10)).isEmpty();
	}

	@Test
	void aDelayedJobIsRemovedFromTheDelayedSet() {
		String id = this.jobs.enqueue(this.queue, "x", JobOptions.delay(Duration.ofMinutes(5)));

		assertThat(this.jobs.cancel(this.queue, id).outcome()).isEqualTo(JobCancellation.Outcome.CANCELLED);

		assertThat(redis.zcard(this.keys.delayed())).isZero();
		this.clock.advance(Duration.ofMinutes(10));
		assertThat(this.worker.promoteDueJobs(this.queue, 10).promoted()).isZero();
		assertThat(hash(id)).containsEntry("status", "cancelled");
	}

	@Test
	void aJobMovedByABlockingClaimButNotYetClaimedIsNeverRun() {
		String id = this.jobs.enqueue(this.queue, "x");
		// what a blocking claim does before its claim script runs
		redis.lmove(this.keys.pending(), this.keys.processing(), io.lettuce.core.LMoveArgs.Builder.rightLeft());

		assertThat(this.jobs.cancel(this.queue, id).outcome()).isEqualTo(JobCancellation.Outcome.CANCELLED);

		assertThat(list(this.keys.processing())).isEmpty();
		assertThat(this.worker.claimAvailable(this.queue, 10)).isEmpty();
		assertThat(hash(id)).containsEntry("status", "cancelled");
	}

	@Test
	void aRunningJobIsRecordedCancelledAndItsWorkersLateOutcomeIsANoOp() {
		String id = this.jobs.enqueue(this.queue, "x");
		ClaimedJob job = this.worker.claimAvailable(this.queue, 1).get(0);
		List<String> told = new CopyOnWriteArrayList<>();
		Runnable listening = this.worker.listenForCancellations(this.queue, told::add);
		await().atMost(Duration.ofSeconds(30)).until(() -> subscribers(this.keys.cancelChannel()) > 0);

		JobCancellation cancellation = this.jobs.cancel(this.queue, id, "user asked");

		assertThat(cancellation.outcome()).isEqualTo(JobCancellation.Outcome.CANCELLED_RUNNING);
		assertThat(cancellation.previousStatus()).isEqualTo("processing");
		await().atMost(Duration.ofSeconds(30)).until(() -> told.contains(id));
		listening.run();
		assertThat(list(this.keys.processing())).isEmpty();
		assertThat(redis.zscore(this.keys.leases(), id)).isNull();
		assertThat(this.worker.complete(job, "late")).isFalse();
		assertThat(this.worker.fail(job, "late", true)).isEqualTo(FailOutcome.REJECTED);
		assertThat(this.worker.extendLeases(List.of(job))).containsExactly(job);
		assertThat(this.worker.reportProgress(job, 50, null)).isFalse();
		assertThat(hash(id)).containsEntry("status", "cancelled")
			.containsEntry("last_error", "user asked")
			.doesNotContainKey("result");
		assertThat(list(this.keys.completed())).isEmpty();
	}

	@Test
	void cancellingAFinishedJobChangesNothingAndSaysSo() {
		String id = this.jobs.enqueue(this.queue, "x");
		this.worker.complete(this.worker.claimAvailable(this.queue, 1).get(0), 1);
		java.util.Map<String, String> before = hash(id);

		JobCancellation cancellation = this.jobs.cancel(this.queue, id);

		assertThat(cancellation.outcome()).isEqualTo(JobCancellation.Outcome.ALREADY_FINISHED);
		assertThat(cancellation.previousStatus()).isEqualTo("completed");
		assertThat(cancellation.cancelled()).isFalse();
		assertThat(hash(id)).isEqualTo(before);
		assertThat(this.jobs.cancel(this.queue, id).outcome()).isEqualTo(JobCancellation.Outcome.ALREADY_FINISHED);
	}

	@Test
	void cancellingAnUnknownIdSaysNotFoundAndWritesNothing() {
		JobCancellation cancellation = this.jobs.cancel(this.queue, "nope");

		assertThat(cancellation.outcome()).isEqualTo(JobCancellation.Outcome.NOT_FOUND);
		assertThat(redis.exists(this.keys.job("nope"), this.keys.cancelled())).isZero();
	}

	@Test
	void aCancelledJobIsListedDeletedAndPurgedWithTheQueue() {
		String id = this.jobs.enqueue(this.queue, "x");
		this.jobs.cancel(this.queue, id);

		assertThat(this.admin.listJobIds(this.queue, JobState.CANCELLED, 10)).containsExactly(id);
		assertThat(this.admin.listJobs(this.queue, JobState.CANCELLED, 10)).singleElement()
			.satisfies((job) -> assertThat(job.state()).isEqualTo(JobState.CANCELLED));
		assertThat(this.admin.delete(this.queue, id)).isTrue();
		assertThat(list(this.keys.cancelled())).isEmpty();

		this.jobs.cancel(this.queue, this.jobs.enqueue(this.queue, "y"));
		this.admin.purge(this.queue);
		assertThat(redis.exists(this.keys.cancelled())).isZero();
	}

	@Test
	void cancellationRacingCompletionHasExactlyOneWinnerEveryRound() throws Exception {
		int rounds = 300;
		ExecutorService pool = Executors.newFixedThreadPool(2);
		int cancelsWon = 0;
		int completionsWon = 0;
		try {
			List<String> ids = new ArrayList<>();
			for (int round = 0; round < rounds; round++) {
				String id = this.jobs.enqueue(this.queue, round);
				ids.add(id);
				ClaimedJob job = this.worker.claimAvailable(this.queue, 1).get(0);
				CountDownLatch start = new CountDownLatch(1);
				Future<JobCancellation> cancel = pool.submit(() -> {
					start.await();
					return this.jobs.cancel(this.queue, id);
				});
				Future<Boolean> complete = pool.submit(() -> {
					start.await();
					return this.worker.complete(job, "done");
				});
				start.countDown();
				boolean cancelled = cancel.get().cancelled();
				boolean completed = complete.get();
				assertThat(cancelled ^ completed).as("round %d: exactly one of cancel and complete wins", round)
					.isTrue();
				assertThat(hash(id)).containsEntry("status", cancelled ? "cancelled" : "completed");
				if (cancelled) {
					cancelsWon++;
					assertThat(hash(id)).doesNotContainKey("result");
				}
				else {
					completionsWon++;
				}
			}
			assertThat(list(this.keys.processing())).isEmpty();
			assertThat(redis.zcard(this.keys.leases())).isZero();
			assertThat(cancelsWon + completionsWon).isEqualTo(rounds);
		}
		finally {
			pool.shutdownNow();
		}
		System.out.println("RELIABILITY: cancel vs complete race, " + rounds + " rounds: cancel won " + cancelsWon
				+ ", complete won " + completionsWon + ", never both, never neither");
	}

	@Test
	void cancelledEventIsPublishedOnTheEventsChannel() {
		List<String> messages = new CopyOnWriteArrayList<>();
		StatefulRedisPubSubConnection<String, String> sub = client.connectPubSub();
		try {
			sub.addListener(new RedisPubSubAdapter<>() {
				@Override
				public void message(String channel, String message) {
					messages.add(message);
				}
			});
			sub.sync().subscribe(this.keys.events());
			String id = this.jobs.enqueue(this.queue, "x");
			this.jobs.cancel(this.queue, id);
			await().atMost(Duration.ofSeconds(30))
				.until(() -> messages.contains("{\"id\":\"" + id + "\",\"status\":\"cancelled\"}"));
		}
		finally {
			sub.close();
		}
	}

	private long subscribers(String channel) {
		StatefulRedisPubSubConnection<String, String> probe = client.connectPubSub();
		try {
			return probe.sync().pubsubNumsub(channel).getOrDefault(channel, 0L);
		}
		finally {
			probe.close();
		}
	}

}
