package dev.jobqueue;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

/**
 * Tests of {@link CompletionGroups}: how calls that wait for a round trip are grouped and
 * what each gets back. The flow here is the test's own function (these tests are about
 * the grouping; {@link CompletionGroupsRedisTests} runs the real flow).
 */
class CompletionGroupsTests {

	private final CompletionGroups groups = new CompletionGroups();

	private final ExecutorService threads = Executors.newCachedThreadPool();

	private final BlockingQueue<List<CompletionGroups.Call>> flown = new LinkedBlockingQueue<>();

	@AfterEach
	void stop() {
		this.threads.shutdownNow();
	}

	@Test
	void anUncontendedCallFliesAloneOnItsOwnThread() {
		List<Thread> ran = new ArrayList<>();
		CompleteAndClaimResult result = this.groups.run("q", call("a", 1), (calls, claims) -> {
			ran.add(Thread.currentThread());
			return new CompletionGroups.Outcome(List.of(true), List.of(job("next")));
		});
		assertThat(ran).containsExactly(Thread.currentThread());
		assertThat(result.completed()).isTrue();
		assertThat(result.claimed()).extracting(ClaimedJob::id).containsExactly("next");
	}

	@Test
	void callsThatWaitWhileTheRoundTripsAreBusyFlyTogetherAndEachGetsItsShare() throws Exception {
		CountDownLatch release = new CountDownLatch(1);
		CompletionGroups.Flow flow = (calls, claims) -> {
			this.flown.add(calls);
			if (calls.get(0).job().id().startsWith("busy")) {
				hold(release);
			}
			List<Boolean> completed = new ArrayList<>();
			List<ClaimedJob> claimed = new ArrayList<>();
			for (CompletionGroups.Call call : calls) {
				completed.add(!call.job().id().equals("w2"));
			}
			// one job fewer than asked: the last caller gets what is left
			for (int i = 0; i < claims - 1; i++) {
				claimed.add(job("claimed-" + i));
			}
			return new CompletionGroups.Outcome(completed, claimed);
		};
		// two calls hold both round trips of the queue
		Future<CompleteAndClaimResult> busy1 = submit(call("busy1", 0), flow);
		Future<CompleteAndClaimResult> busy2 = submit(call("busy2", 0), flow);
		assertThat(this.flown.poll(30, TimeUnit.SECONDS)).isNotNull();
		assertThat(this.flown.poll(30, TimeUnit.SECONDS)).isNotNull();
		List<Future<CompleteAndClaimResult>> waiting = new ArrayList<>();
		int[] max = { 1, 2, 0, 1 };
		for (int i = 0; i < max.length; i++) {
			waiting.add(submit(call("w" + i, max[i]), flow));
			int queued = i + 1;
			await().atMost(Duration.ofSeconds(30)).until(() -> this.groups.waiting("q") == queued);
		}
		release.countDown();

		List<CompletionGroups.Call> group = this.flown.poll(30, TimeUnit.SECONDS);
		assertThat(group).extracting((call) -> call.job().id()).containsExactly("w0", "w1", "w2", "w3");
		assertThat(this.flown.poll(200, TimeUnit.MILLISECONDS)).isNull();
		assertThat(busy1.get(30, TimeUnit.SECONDS).completed()).isTrue();
		assertThat(busy2.get(30, TimeUnit.SECONDS).completed()).isTrue();
		List<CompleteAndClaimResult> results = new ArrayList<>();
		for (Future<CompleteAndClaimResult> future : waiting) {
			results.add(future.get(30, TimeUnit.SECONDS));
		}
		assertThat(results).extracting(CompleteAndClaimResult::completed).containsExactly(true, true, false, true);
		assertThat(results.get(0).claimed()).extracting(ClaimedJob::id).containsExactly("claimed-0");
		assertThat(results.get(1).claimed()).extracting(ClaimedJob::id).containsExactly("claimed-1", "claimed-2");
		assertThat(results.get(2).claimed()).isEmpty();
		// asked for one, none left
		assertThat(results.get(3).claimed()).isEmpty();
	}

	@Test
	void aFailedRoundTripIsThrownToEveryCallOfItsGroupAndTheNextGroupStillFlies() throws Exception {
		CountDownLatch release = new CountDownLatch(1);
		CompletionGroups.Flow flow = (calls, claims) -> {
			this.flown.add(calls);
			String first = calls.get(0).job().id();
			if (first.startsWith("busy")) {
				hold(release);
				if (first.equals("busy1")) {
					throw new JobQueueException("Redis went away");
				}
			}
			if (first.startsWith("w")) {
				throw new JobQueueException("still away");
			}
			return new CompletionGroups.Outcome(Collections.nCopies(calls.size(), true), List.of());
		};
		Future<CompleteAndClaimResult> busy1 = submit(call("busy1", 0), flow);
		assertThat(this.flown.poll(30, TimeUnit.SECONDS)).isNotNull();
		Future<CompleteAndClaimResult> busy2 = submit(call("busy2", 0), flow);
		assertThat(this.flown.poll(30, TimeUnit.SECONDS)).isNotNull();
		Future<CompleteAndClaimResult> w1 = submit(call("w1", 1), flow);
		Future<CompleteAndClaimResult> w2 = submit(call("w2", 1), flow);
		await().atMost(Duration.ofSeconds(30)).until(() -> this.groups.waiting("q") == 2);
		release.countDown();

		assertThatFailure(busy1, "Redis went away");
		assertThat(busy2.get(30, TimeUnit.SECONDS).completed()).isTrue();
		assertThatFailure(w1, "still away");
		assertThatFailure(w2, "still away");
		CompleteAndClaimResult after = this.groups.run("q", call("x", 0), flow);
		assertThat(after.completed()).isTrue();
	}

	@Test
	void anInterruptWhileWaitingIsKeptForTheCallerWhoseCallStillCompletes() throws Exception {
		CountDownLatch release = new CountDownLatch(1);
		CompletionGroups.Flow flow = (calls, claims) -> {
			this.flown.add(calls);
			if (calls.get(0).job().id().startsWith("busy")) {
				hold(release);
			}
			return new CompletionGroups.Outcome(Collections.nCopies(calls.size(), true), List.of());
		};
		submit(call("busy1", 0), flow);
		submit(call("busy2", 0), flow);
		assertThat(this.flown.poll(30, TimeUnit.SECONDS)).isNotNull();
		assertThat(this.flown.poll(30, TimeUnit.SECONDS)).isNotNull();
		CompletableFuture<Boolean> interruptedAfter = new CompletableFuture<>();
		CompletableFuture<Thread> caller = new CompletableFuture<>();
		this.threads.execute(() -> {
			caller.complete(Thread.currentThread());
			CompleteAndClaimResult result = this.groups.run("q", call("w", 0), flow);
			interruptedAfter.complete(result.completed() && Thread.currentThread().isInterrupted());
		});
		await().atMost(Duration.ofSeconds(30)).until(() -> this.groups.waiting("q") == 1);
		caller.get(30, TimeUnit.SECONDS).interrupt();
		release.countDown();
		assertThat(interruptedAfter.get(30, TimeUnit.SECONDS)).isTrue();
	}

	private void assertThatFailure(Future<CompleteAndClaimResult> future, String message) {
		assertThatExceptionOfType(java.util.concurrent.ExecutionException.class)
			.isThrownBy(() -> future.get(30, TimeUnit.SECONDS))
			.havingCause()
			.isInstanceOf(JobQueueException.class)
			.withMessage(message);
	}

	private Future<CompleteAndClaimResult> submit(CompletionGroups.Call call, CompletionGroups.Flow flow) {
		return this.threads.submit(() -> this.groups.run("q", call, flow));
	}

	private static void hold(CountDownLatch latch) {
		try {
			if (!latch.await(60, TimeUnit.SECONDS)) {
				throw new IllegalStateException("not released");
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	private static CompletionGroups.Call call(String id, int max) {
		return new CompletionGroups.Call(job(id), "null", max);
	}

	private static ClaimedJob job(String id) {
		return new ClaimedJob("q", id, "token-" + id, 1, "{}", Instant.EPOCH, Instant.EPOCH);
	}

}
