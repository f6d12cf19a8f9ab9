package dev.jobqueue.dashboard;

import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Supplier;

import dev.jobqueue.JobQueueAdmin;
import dev.jobqueue.JobQueueOperations;
import dev.jobqueue.JobRecord;
import dev.jobqueue.JobState;
import dev.jobqueue.QueueKeys;
import dev.jobqueue.QueueStats;
import dev.jobqueue.scheduling.RecurringJobScheduler;
import org.jspecify.annotations.Nullable;

import org.springframework.data.redis.core.StringRedisTemplate;

/**
 * What the dashboard reads from and does to the queues: the one place that knows the
 * queue API and the key layout, so the pages and actions do not.
 */
public final class DashboardOperations {

	private static final int RETRY_BATCH = 1000;

	private final JobQueueOperations operations;

	private final JobQueueAdmin admin;

	private final DashboardPages pages;

	private final Supplier<Collection<String>> queueNames;

	private final DashboardSchedules schedules;

	/**
	 * Creates the adapter for an application without recurring schedules.
	 * @param operations the queue operations, for job look-ups
	 * @param admin the operator's operations: depths, settings, retry, delete, purge
	 * @param redis the template for the paged reads neither offers
	 * @param queueNames the queues the dashboard shows, read on every call
	 */
	public DashboardOperations(JobQueueOperations operations, JobQueueAdmin admin, StringRedisTemplate redis,
			Supplier<Collection<String>> queueNames) {
		this(operations, admin, redis, queueNames, null);
	}

	/**
	 * Creates the adapter.
	 * @param operations the queue operations, for job look-ups
	 * @param admin the operator's operations: depths, settings, retry, delete, run now,
	 * purge
	 * @param redis the template for the paged reads neither offers
	 * @param queueNames the queues the dashboard shows, read on every call
	 * @param scheduler the recurring schedules of this application, or null
	 */
	public DashboardOperations(JobQueueOperations operations, JobQueueAdmin admin, StringRedisTemplate redis,
			Supplier<Collection<String>> queueNames, @Nullable RecurringJobScheduler scheduler) {
		this.operations = operations;
		this.admin = admin;
		this.pages = new DashboardPages(redis);
		this.queueNames = queueNames;
		this.schedules = new DashboardSchedules(scheduler);
	}

	/**
	 * Returns the queues the dashboard shows.
	 * @return the names, sorted
	 */
	public Set<String> queues() {
		return new TreeSet<>(this.queueNames.get());
	}

	/**
	 * Whether the dashboard shows a queue; pages and actions refuse any other name.
	 * @param queue the queue name
	 * @return true for a shown queue
	 */
	public boolean isKnown(String queue) {
		return queues().contains(queue);
	}

	/**
	 * Returns the key layout of a queue.
	 * @param queue the queue name
	 * @return the keys
	 */
	public QueueKeys keys(String queue) {
		return this.admin.settings(queue).keys();
	}

	/**
	 * Reads the lengths of a queue's lists in one round trip.
	 * @param queue the queue name
	 * @return the depths
	 */
	public Depths depths(String queue) {
		QueueStats stats = this.admin.stats(queue);
		return new Depths(stats.pendingDepth(), stats.processingDepth(), stats.delayedDepth(), stats.completedDepth(),
				stats.failedDepth(), this.admin.isPaused(queue));
	}

	/**
	 * Reads one page of a state's list and the summary fields of its jobs, in two round
	 * trips whatever the length of the list. Pending is read oldest first, delayed
	 * soonest first, the other lists newest first, as the queue's own listings.
	 * @param queue the queue name
	 * @param state the list
	 * @param page the page, from 0
	 * @param size the jobs per page, at least 1
	 * @return the page; its rows are empty past the end of the list
	 */
	public Page page(String queue, JobState state, int page, int size) {
		return this.pages.page(queue, keys(queue), state, page, size);
	}

	/**
	 * Looks up a job.
	 * @param queue the queue name
	 * @param id the job id
	 * @return the job, or empty when its hash does not exist
	 */
	public Optional<JobRecord> job(String queue, String id) {
		return this.operations.getJob(queue, id);
	}

	/**
	 * Sends a job that failed for good back to pending.
	 * @param queue the queue name
	 * @param id the job id
	 * @return false when the job does not exist or has not failed
	 */
	public boolean retry(String queue, String id) {
		return this.admin.retry(queue, id);
	}

	/**
	 * Sends every job that failed for good back to pending, a thousand per script so that
	 * Redis is never blocked for long, oldest failure first.
	 * @param queue the queue name
	 * @return how many jobs went back to pending
	 */
	public long retryAllFailed(String queue) {
		long batches = depths(queue).failed() / RETRY_BATCH + 1;
		long retried = 0;
		for (long i = 0; i < batches; i++) {
			retried += this.admin.retryFailed(queue, RETRY_BATCH);
		}
		return retried;
	}

	/**
	 * Cancels a pending, delayed or running job (see
	 * {@link JobQueueOperations#cancel(String, String, String)}).
	 * @param queue the queue name
	 * @param id the job id
	 * @param reason stored in the job's {@code last_error}
	 * @return what the cancel did
	 */
	public dev.jobqueue.JobCancellation cancel(String queue, String id, String reason) {
		return this.operations.cancel(queue, id, reason);
	}

	/**
	 * Deletes a job wherever it is.
	 * @param queue the queue name
	 * @param id the job id
	 * @return false when the job did not exist
	 */
	public boolean delete(String queue, String id) {
		return this.admin.delete(queue, id);
	}

	/**
	 * Moves a delayed job (or a retry waiting for its backoff) to pending at once.
	 * @param queue the queue name
	 * @param id the job id
	 * @return false when the job is not delayed or its hash is gone
	 */
	public boolean runNow(String queue, String id) {
		return this.admin.runNow(queue, id);
	}

	/**
	 * Describes the recurring schedules of a queue that run in this application.
	 * @param queue the queue name
	 * @return the schedules with their last and next tick, empty without any
	 */
	public List<Schedule> schedules(String queue) {
		return this.schedules.of(queue);
	}

	/**
	 * Enqueues one job of a recurring schedule now, outside its ticks.
	 * @param queue the schedule's queue
	 * @param schedule the schedule name
	 * @return the new job's id, or empty when no such schedule runs in this application
	 */
	public Optional<String> triggerSchedule(String queue, String schedule) {
		return this.schedules.trigger(queue, schedule);
	}

	/**
	 * Deletes a queue's lists and job hashes.
	 * @param queue the queue name
	 * @return the number of keys deleted
	 */
	public long purge(String queue) {
		return this.admin.purge(queue);
	}

	/**
	 * Pauses or resumes a queue for every instance.
	 * @param queue the queue name
	 * @param paused true to pause, false to resume
	 * @return whether the queue is paused now
	 */
	public boolean setPaused(String queue, boolean paused) {
		if (paused) {
			this.admin.pause(queue);
		}
		else {
			this.admin.resume(queue);
		}
		return this.admin.isPaused(queue);
	}

	/**
	 * The lengths of a queue's lists.
	 *
	 * @param pending waiting jobs
	 * @param processing claimed jobs
	 * @param delayed jobs waiting for their due time or retry backoff
	 * @param completed ids in the completed history
	 * @param failed ids in the failed history
	 * @param paused whether claims on the queue are paused for every instance
	 */
	public record Depths(long pending, long processing, long delayed, long completed, long failed, boolean paused) {
	}

	/**
	 * A recurring schedule of a queue.
	 *
	 * @param name the schedule name
	 * @param trigger the cron expression with its zone, or the rate
	 * @param missedTicks {@code run-once} or {@code skip}
	 * @param lastTickMs the last tick any instance enqueued (epoch ms), or 0
	 * @param nextTickMs the next tick this application fires (epoch ms), or 0
	 */
	public record Schedule(String name, String trigger, String missedTicks, long lastTickMs, long nextTickMs) {
	}

	/**
	 * One page of a state's list.
	 *
	 * @param queue the queue name
	 * @param state the list
	 * @param page the page, from 0
	 * @param size the jobs per page
	 * @param total the length of the list
	 * @param jobs the jobs on this page
	 */
	public record Page(String queue, JobState state, int page, int size, long total, List<Row> jobs) {
	}

	/**
	 * One job in a list, with the fields a list shows.
	 *
	 * @param id the job id
	 * @param status the stored status, or {@code missing} when the hash is gone
	 * @param attempts claims so far
	 * @param lastError the last error, cut to 300 characters, or null
	 * @param enqueuedAtMs when enqueued (epoch ms), or 0
	 * @param updatedAtMs the latest claim, error, reclaim or completion (epoch ms), or 0
	 * @param runAtMs when a delayed job is due (epoch ms), or 0
	 */
	public record Row(String id, String status, long attempts, @Nullable String lastError, long enqueuedAtMs,
			long updatedAtMs, long runAtMs) {
	}

}
