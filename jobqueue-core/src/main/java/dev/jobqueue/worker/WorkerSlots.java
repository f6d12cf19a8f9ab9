package dev.jobqueue.worker;

import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

import org.jspecify.annotations.Nullable;

/**
 * The free worker slots of a running container, whose number can change while jobs run.
 * Growing frees slots at once; shrinking takes free slots at once and the rest from jobs
 * as they finish, so running jobs are never interrupted and the number of running jobs
 * never exceeds the new size once they have.
 */
final class WorkerSlots {

	private final Semaphore free;

	private int size;

	/**
	 * Slots still owed by a shrink: finished jobs pay them back instead of freeing their
	 * slot.
	 */
	private int debt;

	private volatile @Nullable Runnable released;

	WorkerSlots(int size) {
		this.free = new Semaphore(size);
		this.size = size;
	}

	boolean tryAcquire(long timeoutMillis) throws InterruptedException {
		return this.free.tryAcquire(timeoutMillis, TimeUnit.MILLISECONDS);
	}

	/**
	 * Takes every slot that is free now.
	 * @return how many were taken, at least 0
	 */
	int drain() {
		return this.free.drainPermits();
	}

	void release(int slots) {
		boolean freed;
		synchronized (this) {
			int paid = Math.min(this.debt, slots);
			this.debt -= paid;
			freed = slots > paid;
			if (freed) {
				this.free.release(slots - paid);
			}
		}
		Runnable listener = this.released;
		if (freed && listener != null) {
			listener.run();
		}
	}

	/**
	 * Sets what runs after slots were freed, for a claimant that does not wait on
	 * {@link #tryAcquire}.
	 * @param listener what to run; must be quick
	 */
	void onRelease(@Nullable Runnable listener) {
		this.released = listener;
	}

	/**
	 * Returns how many slots are free now.
	 * @return the free slots
	 */
	int available() {
		return this.free.availablePermits();
	}

	synchronized void resize(int newSize) {
		int delta = newSize - this.size;
		this.size = newSize;
		if (delta > 0) {
			release(delta);
			return;
		}
		int owed = -delta;
		while (owed > 0 && this.free.tryAcquire()) {
			owed--;
		}
		this.debt += owed;
	}

	/**
	 * Whether a shrink still waits for running jobs to give back their slots; a worker
	 * that finishes then gives its slot back rather than keep it for a next job.
	 * @return true while slots are owed
	 */
	synchronized boolean owesSlots() {
		return this.debt > 0;
	}

	synchronized int size() {
		return this.size;
	}

	/**
	 * Waits until no job runs.
	 * @param timeoutMillis how long to wait at most
	 * @return true when every slot was free in time
	 * @throws InterruptedException if interrupted while waiting
	 */
	boolean awaitIdle(long timeoutMillis) throws InterruptedException {
		int all = size();
		if (this.free.tryAcquire(all, timeoutMillis, TimeUnit.MILLISECONDS)) {
			this.free.release(all);
			return true;
		}
		return false;
	}

}
