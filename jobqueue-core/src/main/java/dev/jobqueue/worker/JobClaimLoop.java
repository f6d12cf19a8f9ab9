package dev.jobqueue.worker;

import java.util.List;
import java.util.Map;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import dev.jobqueue.ClaimedJob;
import dev.jobqueue.JobWorkerProtocol;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

/**
 * The claim loop of one queue, run by the container's dispatcher thread: claims as many
 * jobs as there are free worker slots (one round trip for all of them, or one blocking
 * claim when the queue is empty) and hands each to a worker, which runs it with the
 * {@link JobExecutor} and keeps its slot while completions claim its next jobs. Never
 * claims a job that cannot start at once, so no visibility clock runs while a job waits.
 * When Redis fails it tries again after a pause that doubles up to
 * {@value #MAX_BACKOFF_MILLIS} ms, so claiming resumes within a second of Redis coming
 * back, and logs the outage once rather than every try.
 */
final class JobClaimLoop implements Runnable {

	private static final Log logger = LogFactory.getLog(JobClaimLoop.class);

	static final long MAX_BACKOFF_MILLIS = 1000;

	private static final long PERMIT_POLL_MILLIS = 100;

	private final String queue;

	private final JobWorkerProtocol operations;

	private final JobWorkerSettings settings;

	private final WorkerSlots slots;

	private final Executor workers;

	private final JobExecutor executor;

	private final Map<String, InFlightJob> inFlight;

	private final BooleanSupplier claiming;

	private final RedisOutageLog outage;

	JobClaimLoop(String queue, JobWorkerProtocol operations, JobWorkerSettings settings, WorkerSlots slots,
			Executor workers, JobExecutor executor, Map<String, InFlightJob> inFlight, BooleanSupplier claiming) {
		this.queue = queue;
		this.operations = operations;
		this.settings = settings;
		this.slots = slots;
		this.workers = workers;
		this.executor = executor;
		this.inFlight = inFlight;
		this.claiming = claiming;
		this.outage = new RedisOutageLog(logger, "Claiming from queue '" + queue + "'");
	}

	@Override
	public void run() {
		long backoff = 0;
		while (this.claiming.getAsBoolean()) {
			try {
				if (!this.slots.tryAcquire(PERMIT_POLL_MILLIS)) {
					continue;
				}
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				return;
			}
			int free = 1 + this.slots.drain();
			if (!this.claiming.getAsBoolean()) {
				this.slots.release(free);
				break;
			}
			List<ClaimedJob> jobs = List.of();
			try {
				// the free slots' jobs in one round trip, or a wait for the next one
				jobs = this.operations.claim(this.queue, free, this.settings.claimTimeout());
				backoff = 0;
				this.outage.succeeded();
			}
			catch (RuntimeException ex) {
				backoff = Math.min(Math.max(backoff * 2, 50), MAX_BACKOFF_MILLIS);
				this.outage.failed(ex, "trying again every " + MAX_BACKOFF_MILLIS + " ms at most");
			}
			this.slots.release(free - jobs.size());
			for (ClaimedJob job : jobs) {
				hand(job);
			}
			if (backoff > 0) {
				pause(backoff);
			}
		}
	}

	private void pause(long millis) {
		long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
		while (this.claiming.getAsBoolean() && System.nanoTime() < deadline) {
			try {
				Thread.sleep(Math.min(PERMIT_POLL_MILLIS, millis));
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				return;
			}
		}
	}

	/**
	 * Hands a claimed job, whose slot the caller took, to a worker.
	 * @param job the job
	 */
	void hand(ClaimedJob job) {
		InFlightJob.Slot slot = new InFlightJob.Slot(() -> this.slots.release(1));
		InFlightJob entry = new InFlightJob(job, slot);
		this.inFlight.put(job.id(), entry);
		try {
			this.workers.execute(() -> {
				try {
					this.executor.run(entry, this::mayClaimNext);
				}
				finally {
					slot.release();
				}
			});
		}
		catch (RejectedExecutionException ex) {
			this.inFlight.remove(job.id());
			JobDrainer.releaseQuietly(this.operations, this.queue, List.of(job));
			slot.release();
		}
	}

	/**
	 * Whether a worker that is completing its job may claim its next one: not while
	 * stopping, and not while a shrink still owes slots (this one is given back).
	 */
	private boolean mayClaimNext() {
		return this.claiming.getAsBoolean() && !this.slots.owesSlots();
	}

}
