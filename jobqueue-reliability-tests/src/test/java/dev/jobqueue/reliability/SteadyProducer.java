package dev.jobqueue.reliability;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import java.util.stream.IntStream;

/**
 * Enqueues a batch of jobs every tick on its own thread and keeps the ids Redis
 * acknowledged. A failed enqueue is counted and not retried: its jobs were never
 * acknowledged, so they are not the queue's to lose.
 */
final class SteadyProducer implements AutoCloseable {

	private final List<String> acknowledged = new ArrayList<>();

	private final AtomicInteger failedBatches = new AtomicInteger();

	private final AtomicLong lastAcknowledged = new AtomicLong();

	private final Thread thread;

	private volatile boolean stopped;

	/**
	 * Starts producing.
	 * @param name the thread's name
	 * @param perTick jobs per batch
	 * @param tick the time between batches
	 * @param enqueue enqueues a list of payloads and returns their ids
	 */
	SteadyProducer(String name, int perTick, Duration tick, Function<List<Integer>, List<String>> enqueue) {
		this.thread = new Thread(() -> {
			long next = System.nanoTime();
			int sequence = 0;
			while (!this.stopped) {
				List<Integer> payloads = IntStream.range(sequence, sequence + perTick).boxed().toList();
				sequence += perTick;
				try {
					List<String> ids = enqueue.apply(payloads);
					synchronized (this.acknowledged) {
						this.acknowledged.addAll(ids);
					}
					this.lastAcknowledged.set(System.nanoTime());
				}
				catch (RuntimeException ex) {
					this.failedBatches.incrementAndGet();
				}
				next += tick.toNanos();
				long wait = (next - System.nanoTime()) / 1_000_000;
				if (wait > 0) {
					InProcessWorkers.sleep(wait);
				}
				else {
					next = System.nanoTime();
				}
			}
		}, name);
		this.thread.setDaemon(true);
		this.thread.start();
	}

	/**
	 * @return a copy of the acknowledged ids, in order
	 */
	List<String> acknowledged() {
		synchronized (this.acknowledged) {
			return new ArrayList<>(this.acknowledged);
		}
	}

	int failedBatches() {
		return this.failedBatches.get();
	}

	/**
	 * Returns whether an enqueue was acknowledged after the given instant.
	 * @param nanos a {@link System#nanoTime()} value
	 * @return whether producing has recovered
	 */
	boolean acknowledgedSince(long nanos) {
		return this.lastAcknowledged.get() - nanos > 0;
	}

	@Override
	public void close() {
		this.stopped = true;
		try {
			this.thread.join(70_000);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

}
