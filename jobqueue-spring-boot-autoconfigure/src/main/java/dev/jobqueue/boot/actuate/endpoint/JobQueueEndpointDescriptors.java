package dev.jobqueue.boot.actuate.endpoint;

import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.actuate.endpoint.OperationResponseBody;

/**
 * The response bodies of {@link JobQueueEndpoint}, as Boot's endpoints describe their
 * responses with records: what the JSON of each operation holds.
 */
public final class JobQueueEndpointDescriptors {

	private JobQueueEndpointDescriptors() {
	}

	/**
	 * Every known queue and every recurring schedule running here.
	 *
	 * @param queues the queues by name
	 * @param schedules the schedules, in the order they were declared
	 */
	public record QueuesDescriptor(Map<String, QueueDescriptor> queues,
			List<ScheduleDescriptor> schedules) implements OperationResponseBody {
	}

	/**
	 * A recurring schedule.
	 *
	 * @param name the schedule name
	 * @param queue the queue its jobs go to
	 * @param trigger the cron expression with its zone, or the rate
	 * @param missedTicks {@code run-once} or {@code skip}
	 * @param lastTick the last tick any instance enqueued, or null if none was
	 * @param nextTick the next tick this application will fire, or null when it has none
	 */
	public record ScheduleDescriptor(String name, String queue, String trigger, String missedTicks,
			@Nullable Instant lastTick, @Nullable Instant nextTick) {
	}

	/**
	 * One queue in the overview.
	 *
	 * @param depths the lengths of its lists
	 * @param counters what this application did on it
	 * @param settings its settings
	 * @param workers this application's workers for it
	 * @param flow its flow state
	 */
	public record QueueDescriptor(DepthsDescriptor depths, CountersDescriptor counters, SettingsDescriptor settings,
			WorkersDescriptor workers, FlowDescriptor flow) {
	}

	/**
	 * A queue's flow state, read from Redis.
	 *
	 * @param paused whether claims are paused for every instance
	 * @param levels waiting ungrouped jobs per priority level, highest first
	 * @param groupsWaiting groups with waiting jobs
	 * @param groupedJobs jobs waiting in groups
	 */
	public record FlowDescriptor(boolean paused, Map<String, Long> levels, long groupsWaiting, long groupedJobs) {
	}

	/**
	 * A queue's pause state after a pause or resume.
	 *
	 * @param queue the queue name
	 * @param paused whether it is paused now
	 */
	public record PauseDescriptor(String queue, boolean paused) implements OperationResponseBody {
	}

	/**
	 * One queue with its jobs.
	 *
	 * @param name the queue name
	 * @param depths the lengths of its lists
	 * @param counters what this application did on it
	 * @param settings its settings
	 * @param workers this application's workers for it
	 * @param processing running jobs, newest claim first (at most 10)
	 * @param delayed delayed jobs and retries waiting for their backoff, soonest first
	 * (at most 10)
	 * @param recentCompleted recently completed jobs, newest first (at most 10)
	 * @param recentFailed jobs that recently failed for good, newest first (at most 10)
	 * @param flow its flow state
	 */
	public record QueueDetailsDescriptor(String name, DepthsDescriptor depths, CountersDescriptor counters,
			SettingsDescriptor settings, WorkersDescriptor workers, List<JobDescriptor> processing,
			List<JobDescriptor> delayed, List<JobDescriptor> recentCompleted, List<JobDescriptor> recentFailed,
			FlowDescriptor flow) implements OperationResponseBody {
	}

	/**
	 * The lengths of a queue's lists, read from Redis.
	 *
	 * @param pending waiting jobs
	 * @param processing claimed jobs
	 * @param delayed jobs in the delayed set (delayed jobs and retries waiting for their
	 * backoff)
	 * @param completed ids in the completed history
	 * @param failed ids in the failed history
	 */
	public record DepthsDescriptor(long pending, long processing, long delayed, long completed, long failed) {
	}

	/**
	 * What this application did on a queue since it started.
	 *
	 * @param enqueued jobs enqueued
	 * @param completed jobs completed
	 * @param failed jobs failed for good
	 * @param retried failures sent back for another attempt
	 * @param reclaimed stale jobs a sweep returned to pending
	 */
	public record CountersDescriptor(long enqueued, long completed, long failed, long retried, long reclaimed) {
	}

	/**
	 * A queue's settings.
	 *
	 * @param pendingKey the key of its pending list, which shows the key layout
	 * @param visibilityTimeoutMs the visibility timeout
	 * @param maxAttempts claims before a failure is final
	 * @param historySize ids kept in the completed and failed lists
	 * @param finishedTtlSeconds how long finished hashes live
	 * @param maxPayloadBytes the largest payload enqueue accepts
	 * @param reclaimIntervalMs how often the queue is swept
	 */
	public record SettingsDescriptor(String pendingKey, long visibilityTimeoutMs, int maxAttempts, int historySize,
			long finishedTtlSeconds, int maxPayloadBytes, long reclaimIntervalMs) {
	}

	/**
	 * This application's workers for a queue.
	 *
	 * @param enabled whether a {@code @JobHandler} of this application serves the queue
	 * @param running whether its container is claiming
	 * @param concurrency how many jobs may run at once
	 * @param active how many jobs run now
	 * @param claimTimeoutMs how long one blocking claim waits, or null without workers
	 * @param shutdownTimeoutMs how long stopping waits for running jobs, or null without
	 * workers
	 * @param leaseExtension whether running jobs' claims are extended, or null without
	 * workers
	 */
	public record WorkersDescriptor(boolean enabled, boolean running, int concurrency, int active,
			@Nullable Long claimTimeoutMs, @Nullable Long shutdownTimeoutMs, @Nullable Boolean leaseExtension) {
	}

	/**
	 * One job as stored.
	 *
	 * @param id the job id
	 * @param queue the queue name
	 * @param status pending, processing, delayed, completed, failed, or unknown when its
	 * hash expired
	 * @param attempts claims so far
	 * @param enqueuedAt when enqueued
	 * @param runAt when a delayed job is due, or null for a job that never waited
	 * @param claimedAt when last claimed
	 * @param completedAt when completed
	 * @param lastErrorAt when last failed
	 * @param reclaimedAt when last returned to pending by a sweep
	 * @param lastError the last error text
	 * @param schedule the recurring schedule that enqueued the job, or null
	 * @param scheduledAt the schedule's tick the job stands for, or null
	 * @param payload the payload, or ****** unless values are shown
	 * @param result the result, or ****** unless values are shown
	 * @param progress the last progress a handler reported (0 to 100), or null
	 * @param progressDetail the detail of that report, or ****** unless values are shown
	 */
	public record JobDescriptor(String id, String queue, String status, int attempts, @Nullable Instant enqueuedAt,
			@Nullable Instant runAt, @Nullable Instant claimedAt, @Nullable Instant completedAt,
			@Nullable Instant lastErrorAt, @Nullable Instant reclaimedAt, @Nullable String lastError,
			@Nullable String schedule, @Nullable Instant scheduledAt, @Nullable Object payload, @Nullable Object result,
			@Nullable Integer progress, @Nullable Object progressDetail) implements OperationResponseBody {
	}

	/**
	 * What a sweep did.
	 *
	 * @param queue the queue name
	 * @param reclaimed ids returned to pending
	 * @param failed ids failed for good
	 */
	public record ReclaimDescriptor(String queue, Collection<String> reclaimed,
			Collection<String> failed) implements OperationResponseBody {
	}

	/**
	 * What an action on a job did.
	 *
	 * @param queue the queue name
	 * @param id the job id (for {@code trigger}, the new job's)
	 * @param action the action
	 * @param done whether it changed anything
	 * @param outcome for a cancel, {@code CANCELLED}, {@code CANCELLED_RUNNING},
	 * {@code ALREADY_FINISHED} or {@code NOT_FOUND}; null otherwise
	 * @param previousStatus for a cancel, the job's status before it (empty when there
	 * was no such job); null otherwise
	 */
	public record ActionDescriptor(String queue, String id, String action, boolean done, @Nullable String outcome,
			@Nullable String previousStatus) implements OperationResponseBody {
	}

	/**
	 * What a purge did.
	 *
	 * @param queue the queue name
	 * @param deletedKeys how many keys were deleted
	 */
	public record PurgeDescriptor(String queue, long deletedKeys) implements OperationResponseBody {
	}

}
