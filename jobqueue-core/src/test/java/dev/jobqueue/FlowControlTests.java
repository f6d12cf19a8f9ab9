package dev.jobqueue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.awaitility.Awaitility.await;

/**
 * Priorities, LIFO, pause, the rate and concurrency limits and groups, in one process
 * against a real Redis (the limits across processes are tested in
 * jobqueue-reliability-tests).
 */
class FlowControlTests extends AbstractRedisTests {

	private void useFlow(Function<String, FlowControl> flow) {
		use(JobQueueClients.builder(redisTemplate)
			.settings(QueueSettings::defaults)
			.flowControl(flow)
			.clock(this.clock)
			.build());
	}

	private List<String> claimIds(int max) {
		return this.worker.claimAvailable(this.queue, max).stream().map(ClaimedJob::id).toList();
	}

	@Test
	void aClaimTakesTheOldestJobOfTheHighestLevelWithJobs() {
		List<String> low = this.jobs.enqueueAll(this.queue, List.of(1, 2), JobOptions.priority(JobOptions.LOW));
		List<String> normal = this.jobs.enqueueAll(this.queue, List.of(3, 4));
		List<String> high = this.jobs.enqueueAll(this.queue, List.of(5, 6), JobOptions.priority(JobOptions.HIGH));

		assertThat(list(this.keys.pending())).containsExactly(normal.get(1), normal.get(0));
		assertThat(list(this.keys.level("high"))).containsExactly(high.get(1), high.get(0));
		assertThat(hash(high.get(0))).containsEntry("priority", "high");
		assertThat(hash(normal.get(0))).doesNotContainKey("priority");
		assertThat(claimIds(6)).containsExactly(high.get(0), high.get(1), normal.get(0), normal.get(1), low.get(0),
				low.get(1));
	}

	@Test
	void theNormalPriorityWritesThePlainReferenceJob() {
		String id = this.jobs.enqueue(this.queue, 1, JobOptions.priority(JobOptions.NORMAL));

		assertThat(hash(id)).containsOnlyKeys("id", "payload", "status", "attempts", "enqueued_at_ms", "claim_token");
		assertThat(list(this.keys.pending())).containsExactly(id);
	}

	@Test
	void aLevelTheQueueDoesNotHaveIsRefusedNamingIt() {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> this.jobs.enqueue(this.queue, 1, JobOptions.priority("urgent")))
			.withMessageContaining("priority")
			.withMessageContaining("urgent");
		assertThatIllegalArgumentException().isThrownBy(() -> JobOptions.priority("Not A Level"))
			.withMessageContaining("priority");
		assertThat(list(this.keys.pending())).isEmpty();
	}

	@Test
	void configuredLevelsAreClaimedInTheirOrder() {
		useFlow((name) -> FlowControl.defaults().withPriorities(List.of("critical", "normal", "bulk")));
		String bulk = this.jobs.enqueue(this.queue, 1, JobOptions.priority("bulk"));
		String normal = this.jobs.enqueue(this.queue, 2);
		String critical = this.jobs.enqueue(this.queue, 3, JobOptions.priority("critical"));

		assertThat(claimIds(3)).containsExactly(critical, normal, bulk);
	}

	@Test
	void aLifoJobRunsNextAndALifoQueueRunsNewestFirst() {
		List<String> fifo = this.jobs.enqueueAll(this.queue, List.of(1, 2));
		String next = this.jobs.enqueue(this.queue, 3, JobOptions.none().withLifo(true));
		assertThat(claimIds(3)).containsExactly(next, fifo.get(0), fifo.get(1));

		useFlow((name) -> FlowControl.defaults().withLifo(true));
		String a = this.jobs.enqueue(this.queue, "a");
		String b = this.jobs.enqueue(this.queue, "b");
		String c = this.jobs.enqueue(this.queue, "c", JobOptions.none().withLifo(false));
		assertThat(hash(a)).containsOnlyKeys("id", "payload", "status", "attempts", "enqueued_at_ms", "claim_token");
		assertThat(claimIds(3)).containsExactly(b, a, c);
	}

	@Test
	void withWeightsALowLevelIsNotStarved() {
		useFlow((name) -> FlowControl.defaults().withWeights(List.of(3, 2, 1)));
		List<Object> payloads = new ArrayList<>();
		for (int i = 0; i < 200; i++) {
			payloads.add(i);
		}
		List<String> high = this.jobs.enqueueAll(this.queue, payloads, JobOptions.priority(JobOptions.HIGH));
		List<String> low = this.jobs.enqueueAll(this.queue, payloads, JobOptions.priority(JobOptions.LOW));

		List<String> first = new ArrayList<>();
		for (int i = 0; i < 100; i++) {
			first.addAll(claimIds(1));
		}

		long lowClaimed = first.stream().filter(low::contains).count();
		assertThat(lowClaimed).as("low jobs among the first 100 claims (expected about 25)").isBetween(5L, 60L);
		assertThat(first.stream().filter(high::contains).count()).isEqualTo(100 - lowClaimed);
	}

	@Test
	void aBatchClaimTakesEveryLevelInOrderAsItsListsEmpty() {
		List<String> low = this.jobs.enqueueAll(this.queue, List.of(1, 2, 3), JobOptions.priority(JobOptions.LOW));
		List<String> high = this.jobs.enqueueAll(this.queue, List.of(4), JobOptions.priority(JobOptions.HIGH));
		List<String> normal = this.jobs.enqueueAll(this.queue, List.of(5, 6));

		assertThat(claimIds(10)).containsExactly(high.get(0), normal.get(0), normal.get(1), low.get(0), low.get(1),
				low.get(2));
		assertThat(claimIds(10)).isEmpty();

		String later = this.jobs.enqueue(this.queue, 7, JobOptions.priority(JobOptions.HIGH));
		assertThat(claimIds(10)).as("a new run asks Redis again").containsExactly(later);
	}

	@Test
	void withWeightsABatchClaimTakesEveryJobOfEveryLevel() {
		useFlow((name) -> FlowControl.defaults().withWeights(List.of(3, 2, 1)));
		List<String> high = this.jobs.enqueueAll(this.queue, List.of(1, 2), JobOptions.priority(JobOptions.HIGH));
		List<String> normal = this.jobs.enqueueAll(this.queue, List.of(3, 4, 5));
		List<String> low = this.jobs.enqueueAll(this.queue, List.of(6, 7, 8, 9), JobOptions.priority(JobOptions.LOW));

		List<String> claimed = claimIds(20);

		List<String> all = new ArrayList<>(high);
		all.addAll(normal);
		all.addAll(low);
		assertThat(claimed).containsExactlyInAnyOrderElementsOf(all);
		assertThat(claimed.stream().filter(high::contains).toList()).isEqualTo(high);
		assertThat(claimed.stream().filter(normal::contains).toList()).isEqualTo(normal);
		assertThat(claimed.stream().filter(low::contains).toList()).isEqualTo(low);
	}

	@Test
	void aBatchClaimGoesOnWithUngroupedJobsAfterTheLastGroupLeavesTheRotation() {
		List<String> grouped = this.jobs.enqueueAll(this.queue, List.of(1, 2), JobOptions.group("tenant-a"));
		List<String> plain = this.jobs.enqueueAll(this.queue, List.of(3, 4, 5));

		assertThat(claimIds(10)).containsExactlyInAnyOrder(grouped.get(0), grouped.get(1), plain.get(0), plain.get(1),
				plain.get(2));
		assertThat(redis.exists(this.keys.groups())).isZero();

		String next = this.jobs.enqueue(this.queue, 6, JobOptions.group("tenant-b"));
		String after = this.jobs.enqueue(this.queue, 7);
		assertThat(claimIds(10)).containsExactlyInAnyOrder(next, after);
	}

	@Test
	void aBlockingClaimWakesForAJobOfAnotherLevel() throws Exception {
		CompletableFuture<Optional<ClaimedJob>> claim = CompletableFuture
			.supplyAsync(() -> this.worker.claim(this.queue, Duration.ofSeconds(60)));
		await().atMost(Duration.ofSeconds(30)).until(() -> RedisInfo.blockedClients(redis) > 0);

		String id = this.jobs.enqueue(this.queue, 1, JobOptions.priority(JobOptions.LOW));

		Optional<ClaimedJob> claimed = claim.get(50, TimeUnit.SECONDS);
		assertThat(claimed).map(ClaimedJob::id).contains(id);
	}

	@Test
	void aPausedQueueTakesJobsButStartsNoneUntilResumed() throws Exception {
		this.admin.pause(this.queue);
		String id = this.jobs.enqueue(this.queue, 1);

		assertThat(this.admin.isPaused(this.queue)).isTrue();
		assertThat(this.admin.flowStatus(this.queue).paused()).isTrue();
		assertThat(this.worker.claimAvailable(this.queue, 5)).isEmpty();
		assertThat(this.worker.claim(this.queue, Duration.ofMillis(200))).isEmpty();
		assertThat(hash(id)).containsEntry("attempts", "0").containsEntry("status", "pending");
		assertThat(list(this.keys.pending())).containsExactly(id);

		CompletableFuture<Optional<ClaimedJob>> claim = CompletableFuture
			.supplyAsync(() -> this.worker.claim(this.queue, Duration.ofSeconds(60)));
		Thread.sleep(200);
		this.admin.resume(this.queue);

		assertThat(claim.get(50, TimeUnit.SECONDS)).map(ClaimedJob::id).contains(id);
		assertThat(this.admin.isPaused(this.queue)).isFalse();
	}

	@Test
	void theRateLimitStartsAtMostItsPermitsPerPeriodAndUsesNoAttempt() {
		useFlow((name) -> FlowControl.defaults().withRateLimit(3, Duration.ofSeconds(1)));
		List<String> ids = this.jobs.enqueueAll(this.queue, List.of(1, 2, 3, 4, 5, 6, 7));

		assertThat(claimIds(7)).containsExactlyElementsOf(ids.subList(0, 3));
		this.clock.advance(999);
		assertThat(claimIds(7)).isEmpty();
		assertThat(this.worker.claim(this.queue, Duration.ofMillis(300))).isEmpty();
		assertThat(hash(ids.get(3))).containsEntry("attempts", "0").containsEntry("status", "pending");

		this.clock.advance(1);
		assertThat(claimIds(7)).containsExactlyElementsOf(ids.subList(3, 6));
		assertThat(redis.zcard(this.keys.rate())).isEqualTo(3);
		assertThat(redis.pttl(this.keys.rate())).isPositive();
	}

	@Test
	void theConcurrencyLimitCountsTheProcessingList() {
		useFlow((name) -> FlowControl.defaults().withMaxConcurrency(2));
		List<String> ids = this.jobs.enqueueAll(this.queue, List.of(1, 2, 3, 4));

		List<ClaimedJob> running = this.worker.claimAvailable(this.queue, 4);
		assertThat(running).extracting(ClaimedJob::id).containsExactly(ids.get(0), ids.get(1));
		assertThat(claimIds(4)).isEmpty();

		CompleteAndClaimResult next = this.worker.completeAndClaim(running.get(0), null, 4);
		assertThat(next.completed()).isTrue();
		assertThat(next.claimed()).extracting(ClaimedJob::id).containsExactly(ids.get(2));
	}

	@Test
	void groupsTakeTurnsAndRunAtMostTheirLimitAtOnce() {
		useFlow((name) -> FlowControl.defaults().withGroupConcurrency(1));
		List<String> a = this.jobs.enqueueAll(this.queue, List.of(1, 2, 3), JobOptions.group("tenant-a"));
		List<String> b = this.jobs.enqueueAll(this.queue, List.of(4, 5), JobOptions.group("tenant-b"));
		List<String> plain = this.jobs.enqueueAll(this.queue, List.of(6, 7));

		assertThat(hash(a.get(0))).containsEntry("group", "tenant-a");
		assertThat(list(this.keys.groupPending("tenant-a"))).hasSize(3);
		List<ClaimedJob> running = this.worker.claimAvailable(this.queue, 10);
		assertThat(running).extracting(ClaimedJob::id)
			.containsExactlyInAnyOrder(a.get(0), b.get(0), plain.get(0), plain.get(1));
		assertThat(claimIds(10)).isEmpty();

		ClaimedJob a0 = running.stream().filter((job) -> job.id().equals(a.get(0))).findFirst().orElseThrow();
		assertThat(this.worker.completeAndClaim(a0, null, 1).claimed()).extracting(ClaimedJob::id)
			.containsExactly(a.get(1));
	}

	@Test
	void aSmallGroupIsNotStuckBehindALargeOne() {
		List<Object> payloads = new ArrayList<>();
		for (int i = 0; i < 500; i++) {
			payloads.add(i);
		}
		this.jobs.enqueueAll(this.queue, payloads, JobOptions.group("large"));
		List<String> small = this.jobs.enqueueAll(this.queue, List.of(1, 2, 3), JobOptions.group("small"));

		List<String> first = new ArrayList<>();
		for (int i = 0; i < 6; i++) {
			first.addAll(claimIds(1));
		}
		assertThat(first).containsAll(small);
	}

	@Test
	void retriesReleasesReclaimsAndDeletesKeepAJobInItsLevelAndGroup() {
		String high = this.jobs.enqueue(this.queue, 1, JobOptions.priority(JobOptions.HIGH));
		String grouped = this.jobs.enqueue(this.queue, 2, JobOptions.group("g"));
		List<ClaimedJob> claimed = this.worker.claimAvailable(this.queue, 2);
		assertThat(claimed).hasSize(2);

		assertThat(this.worker.fail(claimed.get(0), "boom")).isEqualTo(FailOutcome.RETRIED);
		assertThat(list(this.keys.level("high"))).containsExactly(high);
		assertThat(this.worker.release(List.of(claimed.get(1)))).hasSize(1);
		assertThat(list(this.keys.groupPending("g"))).containsExactly(grouped);

		List<ClaimedJob> again = this.worker.claimAvailable(this.queue, 2);
		assertThat(again).extracting(ClaimedJob::id).containsExactly(high, grouped);
		this.clock.advance(10_000);
		assertThat(this.admin.reclaimStuck(this.queue).reclaimed()).hasSize(2);
		assertThat(list(this.keys.level("high"))).containsExactly(high);
		assertThat(list(this.keys.groupPending("g"))).containsExactly(grouped);
		assertThat(list(this.keys.pending())).isEmpty();

		FlowStatus status = this.admin.flowStatus(this.queue);
		assertThat(status.levelDepths()).containsExactly(Map.entry("high", 1L), Map.entry("normal", 0L),
				Map.entry("low", 0L));
		assertThat(status.groupsWaiting()).isOne();
		assertThat(status.waiting()).isEqualTo(2);

		assertThat(this.admin.delete(this.queue, high)).isTrue();
		assertThat(this.admin.delete(this.queue, grouped)).isTrue();
		assertThat(redis.exists(this.keys.level("high"), this.keys.groupPending("g"))).isZero();
		assertThat(claimIds(2)).isEmpty();
	}

	@Test
	void aDelayedJobIsPromotedToItsLevel() {
		String id = this.jobs.enqueue(this.queue, 1,
				JobOptions.priority(JobOptions.HIGH).withDelay(Duration.ofSeconds(5)));
		this.clock.advance(5000);
		this.worker.promoteDueJobs(this.queue, 10);

		assertThat(list(this.keys.level("high"))).containsExactly(id);
		assertThat(claimIds(1)).containsExactly(id);
	}

	@Test
	void purgeDeletesTheFlowKeys() {
		this.jobs.enqueue(this.queue, 1, JobOptions.priority(JobOptions.HIGH));
		this.jobs.enqueue(this.queue, 2, JobOptions.group("g"));
		this.admin.pause(this.queue);

		this.admin.purge(this.queue);

		assertThat(redis.keys(this.keys.jobPrefix().replace("job:", "") + "*")).isEmpty();
		assertThat(this.admin.isPaused(this.queue)).isFalse();
	}

}
