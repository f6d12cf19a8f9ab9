package dev.jobqueue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Complete-and-claim calls of many workers at once, grouped by {@link CompletionGroups}
 * into shared round trips on a real Redis: every job is completed once with its own
 * result, and no job is handed to two workers.
 */
class CompletionGroupsRedisTests extends AbstractRedisTests {

	private static final int WORKERS = 16;

	private static final int JOBS = 600;

	@Test
	void workersThatCompleteAndClaimTogetherCompleteEveryJobOnceWithItsOwnResult() throws Exception {
		List<Object> payloads = new ArrayList<>();
		IntStream.range(0, JOBS).forEach((i) -> payloads.add(Map.of("n", i)));
		List<String> ids = this.jobs.enqueueAll(this.queue, payloads);
		List<ClaimedJob> first = this.worker.claimAvailable(this.queue, WORKERS);
		assertThat(first).hasSize(WORKERS);
		Set<String> handed = ConcurrentHashMap.newKeySet();
		first.forEach((job) -> handed.add(job.id()));
		AtomicInteger duplicates = new AtomicInteger();
		AtomicInteger rejected = new AtomicInteger();
		CyclicBarrier start = new CyclicBarrier(WORKERS);
		ExecutorService threads = Executors.newFixedThreadPool(WORKERS);
		try {
			List<Future<?>> workers = new ArrayList<>();
			for (ClaimedJob job : first) {
				workers.add(threads.submit(() -> {
					start.await(30, TimeUnit.SECONDS);
					ClaimedJob current = job;
					while (current != null) {
						// every other worker only completes, and claims with a call of
						// its
						// own
						boolean claimNext = current.id().hashCode() % 2 == 0;
						CompleteAndClaimResult result = this.worker.completeAndClaim(current,
								Map.of("done", current.id()), claimNext ? 1 : 0);
						if (!result.completed()) {
							rejected.incrementAndGet();
						}
						assertThat(result.claimed()).hasSizeLessThanOrEqualTo(claimNext ? 1 : 0);
						List<ClaimedJob> next = claimNext ? result.claimed()
								: this.worker.claimAvailable(this.queue, 1);
						current = next.isEmpty() ? null : next.get(0);
						if (current != null && !handed.add(current.id())) {
							duplicates.incrementAndGet();
						}
					}
					return null;
				}));
			}
			for (Future<?> worker : workers) {
				worker.get(120, TimeUnit.SECONDS);
			}
		}
		finally {
			threads.shutdownNow();
		}

		assertThat(duplicates).hasValue(0);
		assertThat(rejected).hasValue(0);
		assertThat(handed).containsExactlyInAnyOrderElementsOf(ids);
		for (String id : ids) {
			assertThat(hash(id)).containsEntry("status", "completed")
				.containsEntry("result", "{\"done\":\"" + id + "\"}");
		}
		assertThat(list(this.keys.pending())).isEmpty();
		assertThat(list(this.keys.processing())).isEmpty();
		assertThat(redis.zcard(this.keys.leases())).isZero();
		assertThat(this.admin.stats(this.queue).completedTotal()).isEqualTo(JOBS);
	}

}
