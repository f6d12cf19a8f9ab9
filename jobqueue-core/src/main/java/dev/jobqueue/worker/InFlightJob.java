package dev.jobqueue.worker;

import java.util.concurrent.atomic.AtomicBoolean;

import dev.jobqueue.ClaimedJob;
import org.jspecify.annotations.Nullable;

/**
 * A job between claim and recorded outcome, with the thread that runs it, what happened
 * to its claim meanwhile, and whether its execution deadline passed.
 */
final class InFlightJob {

	final ClaimedJob job;

	/** The worker slot the job runs in, shared by the jobs a worker runs in a row. */
	final Slot slot;

	/** Whether the handler still runs, returned, or was timed out; guarded by this. */
	private State state = State.RUNNING;

	/**
	 * Whether the execution deadline passed while the handler ran: its thread was
	 * interrupted and its lease is no longer extended.
	 */
	volatile boolean timedOut;

	/**
	 * Whether the handler ignored its deadline for a visibility timeout and its slot went
	 * to a new thread.
	 */
	volatile boolean stuck;

	/** The worker thread running the handler, to interrupt at the shutdown deadline. */
	volatile @Nullable Thread thread;

	/**
	 * Whether a lease extension found the claim gone, so a rejected outcome is expected.
	 */
	volatile boolean lost;

	/**
	 * Whether the handler is done and the outcome is being recorded: no lease is extended
	 * for it, and a lease check that finds it already finished is no news.
	 */
	volatile boolean finishing;

	/**
	 * Whether shutdown handed the job back to pending, so its outcome is not recorded.
	 */
	volatile boolean released;

	/**
	 * What the handler threw, or the timeout it ran past, for the listeners; null when it
	 * returned in time.
	 */
	volatile @Nullable Throwable failure;

	/**
	 * Whether the job was cancelled while it runs: its status is already
	 * {@code cancelled}, so its outcome is not recorded.
	 */
	volatile boolean cancelled;

	/** Whether the handler allows its thread to be interrupted on a cancel. */
	volatile boolean interruptOnCancel;

	/** The job's progress reports, once its handler runs. */
	volatile @Nullable JobControl control;

	/**
	 * The job claimed in the same round trip as this one's completion, for the same
	 * worker to run next.
	 */
	@Nullable ClaimedJob next;

	InFlightJob(ClaimedJob job) {
		this(job, new Slot(() -> {
		}));
	}

	InFlightJob(ClaimedJob job, Slot slot) {
		this.job = job;
		this.slot = slot;
	}

	/**
	 * Marks the job as recording its outcome, under the lock a cancel interrupts under.
	 */
	synchronized void finish() {
		this.finishing = true;
	}

	/**
	 * Times the handler out if it still runs: marks it and interrupts its thread, under
	 * the same lock as {@link #handlerReturned()}, so the interrupt never reaches the
	 * thread once it has left the handler.
	 * @return true when this call timed it out
	 */
	synchronized boolean timeOut() {
		if (this.state != State.RUNNING) {
			return false;
		}
		this.state = State.TIMED_OUT;
		this.timedOut = true;
		Thread running = this.thread;
		if (running != null) {
			running.interrupt();
		}
		return true;
	}

	/**
	 * Records that the handler returned or threw.
	 * @return true when its deadline had passed before
	 */
	synchronized boolean handlerReturned() {
		if (this.state == State.TIMED_OUT) {
			return true;
		}
		this.state = State.RETURNED;
		return false;
	}

	private enum State {

		RUNNING, RETURNED, TIMED_OUT

	}

	/**
	 * A worker slot, given back once: by the worker when it is done, or earlier for a
	 * worker whose handler ignores its deadline, so that a stuck thread does not take a
	 * slot forever.
	 */
	static final class Slot {

		private final Runnable release;

		private final AtomicBoolean held = new AtomicBoolean(true);

		Slot(Runnable release) {
			this.release = release;
		}

		/**
		 * Gives the slot back unless that was done already.
		 * @return true when this call gave it back
		 */
		boolean release() {
			if (this.held.compareAndSet(true, false)) {
				this.release.run();
				return true;
			}
			return false;
		}

	}

}
