package dev.jobqueue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Many threads claiming at once: every job is claimed exactly once.
 */
class ConcurrentClaimTests extends AbstractRedisTests {

	@Test
	void eightThreadsClaimingTwoThousandJobsClaimEachExactlyOnce() throws Exception {
		use(JobQueueClients.builder(redisTemplate).build());
		int count = 2000;
		List<String> ids = this.jobs.enqueueAll(this.queue, IntStream.range(0, count).boxed().toList());
		Set<String> seen = ConcurrentHashMap.newKeySet();
		AtomicInteger duplicates = new AtomicInteger();
		ExecutorService pool = Executors.newFixedThreadPool(8);
		try {
			List<Future<?>> workers = new ArrayList<>();
			for (int w = 0; w < 8; w++) {
				boolean batch = w % 2 == 0;
				workers.add(pool.submit(() -> {
					while (true) {
						List<ClaimedJob> claimed = batch ? this.worker.claimAvailable(this.queue, 7)
								: this.worker.claim(this.queue, Duration.ofMillis(200)).map(List::of).orElse(List.of());
						if (claimed.isEmpty()) {
							return;
						}
						for (ClaimedJob job : claimed) {
							if (!seen.add(job.id())) {
								duplicates.incrementAndGet();
							}
							assertThat(this.worker.complete(job, Map.of("by", Thread.currentThread().getName())))
								.isTrue();
						}
					}
				}));
			}
			for (Future<?> worker : workers) {
				worker.get();
			}
		}
		finally {
			pool.shutdownNow();
		}

		assertThat(duplicates).hasValue(0);
		assertThat(seen).containsExactlyInAnyOrderElementsOf(ids);
		QueueStats stats = this.admin.stats(this.queue);
		assertThat(stats.pendingDepth()).isZero();
		assertThat(stats.processingDepth()).isZero();
		assertThat(stats.completedTotal()).isEqualTo(count);
		assertThat(stats.completedDepth()).isEqualTo(50);
	}

}
