package dev.jobqueue.benchmarks;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

import dev.jobqueue.ClaimedJob;
import dev.jobqueue.JobWorkerProtocol;

/**
 * A plain worker pool on the core API: each thread claims one job, runs the no-op handler
 * and completes it (and, with {@code claimNext}, claims its next job in the same call).
 * Used where no Spring worker container is measured.
 */
final class CoreWorkers implements AutoCloseable {

	private final List<Thread> threads = new ArrayList<>();

	private final AtomicLong done = new AtomicLong();

	private final CountDownLatch finished = new CountDownLatch(1);

	private final long target;

	private volatile boolean running = true;

	private volatile long finishedAt;

	CoreWorkers(JobWorkerProtocol jobs, String queue, int concurrency, long target, boolean claimNext,
			Consumer<ClaimedJob> handler) {
		this.target = target;
		for (int i = 0; i < concurrency; i++) {
			Runnable loop = claimNext ? () -> workClaimingNext(jobs, queue, handler) : () -> work(jobs, queue, handler);
			Thread thread = new Thread(loop, "bench-worker-" + i);
			thread.setDaemon(true);
			this.threads.add(thread);
		}
	}

	void start() {
		this.threads.forEach(Thread::start);
	}

	private void work(JobWorkerProtocol jobs, String queue, Consumer<ClaimedJob> handler) {
		while (this.running) {
			Optional<ClaimedJob> claimed = jobs.claim(queue, Duration.ofMillis(200));
			if (claimed.isPresent()) {
				handler.accept(claimed.get());
				jobs.complete(claimed.get(), null);
				if (this.done.incrementAndGet() == this.target) {
					this.finishedAt = System.nanoTime();
					this.finished.countDown();
				}
			}
		}
	}

	/**
	 * Completes each job and claims the next in the same call; blocks only when that
	 * finds none.
	 */
	private void workClaimingNext(JobWorkerProtocol jobs, String queue, Consumer<ClaimedJob> handler) {
		ClaimedJob next = null;
		while (this.running) {
			ClaimedJob job = (next != null) ? next : jobs.claim(queue, Duration.ofMillis(200)).orElse(null);
			next = null;
			if (job != null) {
				handler.accept(job);
				List<ClaimedJob> claimed = jobs.completeAndClaim(job, null, this.running ? 1 : 0).claimed();
				next = claimed.isEmpty() ? null : claimed.get(0);
				if (this.done.incrementAndGet() == this.target) {
					this.finishedAt = System.nanoTime();
					this.finished.countDown();
				}
			}
		}
	}

	/**
	 * @return System.nanoTime() when the last job was completed
	 */
	long awaitFinished(Duration timeout) throws InterruptedException {
		if (!this.finished.await(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
			throw new IllegalStateException(
					"workers completed only " + this.done.get() + " of " + this.target + " jobs in " + timeout);
		}
		return this.finishedAt;
	}

	long done() {
		return this.done.get();
	}

	@Override
	public void close() throws InterruptedException {
		this.running = false;
		for (Thread thread : this.threads) {
			thread.join();
		}
	}

}
