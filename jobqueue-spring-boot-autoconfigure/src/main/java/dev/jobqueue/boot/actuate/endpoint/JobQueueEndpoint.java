package dev.jobqueue.boot.actuate.endpoint;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import dev.jobqueue.JobCancellation;
import dev.jobqueue.FlowStatus;
import dev.jobqueue.JobPayloadConverter;
import dev.jobqueue.JobPayloadException;
import dev.jobqueue.JobQueueAdmin;
import dev.jobqueue.JobQueueOperations;
import dev.jobqueue.JobRecord;
import dev.jobqueue.JobState;
import dev.jobqueue.QueueSettings;
import dev.jobqueue.QueueStats;
import dev.jobqueue.ReclaimResult;
import dev.jobqueue.boot.JobQueueCatalog;
import dev.jobqueue.scheduling.RecurringJobScheduler;
import dev.jobqueue.scheduling.ScheduleState;
import dev.jobqueue.worker.JobWorkerContainer;
import dev.jobqueue.worker.JobWorkerSettings;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.actuate.endpoint.Access;
import org.springframework.boot.actuate.endpoint.InvalidEndpointRequestException;
import org.springframework.boot.actuate.endpoint.OperationResponseBody;
import org.springframework.boot.actuate.endpoint.SecurityContext;
import org.springframework.boot.actuate.endpoint.Show;
import org.springframework.boot.actuate.endpoint.annotation.DeleteOperation;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;
import org.springframework.boot.actuate.endpoint.annotation.Selector;
import org.springframework.boot.actuate.endpoint.annotation.WriteOperation;

/**
 * {@link Endpoint @Endpoint} that shows the queues: depths, counters, settings and
 * workers of all of them, the running and recent jobs of one, and the state of one job.
 * Recurring schedules are listed with their last and next tick. Payloads, results and
 * progress details follow Boot's {@code show-values} convention. Write operations
 * (reclaim a queue now, trigger a schedule now, retry a failed job, run a delayed job
 * now, cancel a job, delete a job, purge a queue) need
 * {@code management.endpoint.jobqueue.access=unrestricted}.
 */
@Endpoint(id = "jobqueue", defaultAccess = Access.READ_ONLY)
public final class JobQueueEndpoint {

	private static final String HIDDEN = "******";

	private static final int RECENT = 10;

	private final JobQueueOperations operations;

	private final JobQueueAdmin admin;

	private final JobQueueCatalog catalog;

	private final JobPayloadConverter converter;

	private final Show showValues;

	private final Set<String> roles;

	private final @Nullable RecurringJobScheduler scheduler;

	/**
	 * Creates the endpoint.
	 * @param operations the client that looks jobs up
	 * @param admin the client that reads statistics and lists and changes jobs
	 * @param catalog the known queues and their settings
	 * @param converter the converter that reads stored payloads and results for display
	 * @param showValues when to show payloads and results
	 * @param roles the roles that may see them when authorized
	 * @param scheduler the recurring schedules, or null when none run here
	 */
	public JobQueueEndpoint(JobQueueOperations operations, JobQueueAdmin admin, JobQueueCatalog catalog,
			JobPayloadConverter converter, Show showValues, Set<String> roles,
			@Nullable RecurringJobScheduler scheduler) {
		this.operations = operations;
		this.admin = admin;
		this.catalog = catalog;
		this.converter = converter;
		this.showValues = showValues;
		this.roles = Set.copyOf(roles);
		this.scheduler = scheduler;
	}

	/**
	 * Describes every known queue and every recurring schedule running here.
	 * @return the queues by name and the schedules
	 */
	@ReadOperation
	public QueuesDescriptor queues() {
		Map<String, QueueDescriptor> queues = new LinkedHashMap<>();
		for (String name : this.catalog.getQueueNames()) {
			queues.put(name, describeQueue(name));
		}
		List<ScheduleDescriptor> schedules = new ArrayList<>();
		if (this.scheduler != null) {
			for (ScheduleState state : this.scheduler.getScheduleStates()) {
				schedules.add(new ScheduleDescriptor(state.name(), state.queue(), state.trigger(),
						state.missedTicks().name().toLowerCase(Locale.ROOT).replace('_', '-'), state.lastTick(),
						state.nextTick()));
			}
		}
		return new QueuesDescriptor(queues, schedules);
	}

	/**
	 * Describes one queue with its running, recently completed and recently failed jobs.
	 * @param securityContext the caller, for {@code show-values}
	 * @param queue the queue name
	 * @return the queue, also for a queue this application does not know (its lists are
	 * then usually empty)
	 */
	@ReadOperation
	public QueueDetailsDescriptor queue(SecurityContext securityContext, @Selector String queue) {
		boolean show = this.showValues.isShown(securityContext, this.roles);
		QueueDescriptor summary = describeQueue(queue);
		return new QueueDetailsDescriptor(queue, summary.depths(), summary.counters(), summary.settings(),
				summary.workers(), jobs(queue, JobState.PROCESSING, show), jobs(queue, JobState.DELAYED, show),
				jobs(queue, JobState.COMPLETED, show), jobs(queue, JobState.FAILED, show), summary.flow());
	}

	/**
	 * Describes one job.
	 * @param securityContext the caller, for {@code show-values}
	 * @param queue the queue name
	 * @param id the job id
	 * @return the job, or null (HTTP 404) when its hash does not exist
	 */
	@ReadOperation
	public @Nullable JobDescriptor job(SecurityContext securityContext, @Selector String queue, @Selector String id) {
		boolean show = this.showValues.isShown(securityContext, this.roles);
		return this.operations.getJob(queue, id).map((job) -> describeJob(job, show)).orElse(null);
	}

	/**
	 * Acts on a queue: {@code reclaim} sweeps it now; {@code pause} and {@code resume}
	 * stop and restart claims on it for every instance; {@code trigger} enqueues one job
	 * of the recurring schedule named by {@code schedule} now, outside its ticks.
	 * @param queue the queue name
	 * @param action {@code reclaim}, {@code pause}, {@code resume} or {@code trigger}
	 * @param schedule the schedule to trigger, for {@code trigger}
	 * @return what the sweep did, the queue's pause state, or the triggered job
	 */
	@WriteOperation
	public OperationResponseBody queueAction(@Selector String queue, String action, @Nullable String schedule) {
		if ("trigger".equals(action)) {
			return trigger(queue, schedule);
		}
		if ("pause".equals(action) || "resume".equals(action)) {
			if ("pause".equals(action)) {
				this.admin.pause(queue);
			}
			else {
				this.admin.resume(queue);
			}
			return new PauseDescriptor(queue, this.admin.isPaused(queue));
		}
		if (!"reclaim".equals(action)) {
			throw new InvalidEndpointRequestException(
					"Unknown action '" + action + "' on a queue; use 'reclaim', 'pause', 'resume' or 'trigger'",
					"unknown action");
		}
		ReclaimResult result = this.admin.reclaimStuck(queue);
		return new ReclaimDescriptor(queue, result.reclaimed(), result.failed());
	}

	private ActionDescriptor trigger(String queue, @Nullable String schedule) {
		if (schedule == null || schedule.isBlank()) {
			throw new InvalidEndpointRequestException("The action 'trigger' needs a 'schedule'", "missing schedule");
		}
		String id = (this.scheduler != null) ? this.scheduler.triggerNow(queue, schedule).orElse(null) : null;
		if (id == null) {
			throw new InvalidEndpointRequestException(
					"No schedule '" + schedule + "' on queue '" + queue + "' runs in this application",
					"unknown schedule");
		}
		return new ActionDescriptor(queue, id, "trigger", true, null, null);
	}

	/**
	 * Acts on a job: {@code retry} sends a job that failed for good back to pending with
	 * fresh attempts; {@code run-now} moves a delayed job (or a retry waiting for its
	 * backoff) to pending at once; {@code cancel} cancels a pending, delayed or running
	 * job (see {@link JobQueueOperations#cancel(String, String)}).
	 * @param queue the queue name
	 * @param id the job id
	 * @param action {@code retry}, {@code run-now} or {@code cancel}
	 * @return whether the action changed the job; for a cancel, also its outcome and the
	 * job's status before it
	 */
	@WriteOperation
	public ActionDescriptor jobAction(@Selector String queue, @Selector String id, String action) {
		return switch (action) {
			case "retry" -> new ActionDescriptor(queue, id, action, this.admin.retry(queue, id), null, null);
			case "run-now" -> new ActionDescriptor(queue, id, action, this.admin.runNow(queue, id), null, null);
			case "cancel" -> {
				JobCancellation cancellation = this.operations.cancel(queue, id,
						"cancelled through the actuator endpoint");
				yield new ActionDescriptor(queue, id, action, cancellation.cancelled(), cancellation.outcome().name(),
						cancellation.previousStatus());
			}
			default -> throw new InvalidEndpointRequestException(
					"Unknown action '" + action + "' on a job; use 'retry', 'run-now' or 'cancel'", "unknown action");
		};
	}

	/**
	 * Deletes a job, wherever it is.
	 * @param queue the queue name
	 * @param id the job id
	 * @return whether anything was deleted
	 */
	@DeleteOperation
	public ActionDescriptor deleteJob(@Selector String queue, @Selector String id) {
		return new ActionDescriptor(queue, id, "delete", this.admin.delete(queue, id), null, null);
	}

	/**
	 * Purges a queue: its lists and every job hash.
	 * @param queue the queue name
	 * @return how many keys were deleted
	 */
	@DeleteOperation
	public PurgeDescriptor purge(@Selector String queue) {
		return new PurgeDescriptor(queue, this.admin.purge(queue));
	}

	private QueueDescriptor describeQueue(String name) {
		// stats carries the counters too: one read of each
		QueueStats stats = this.admin.stats(name);
		QueueSettings settings = this.admin.settings(name);
		DepthsDescriptor depths = new DepthsDescriptor(stats.pendingDepth(), stats.processingDepth(),
				stats.delayedDepth(), stats.completedDepth(), stats.failedDepth());
		CountersDescriptor totals = new CountersDescriptor(stats.enqueuedTotal(), stats.completedTotal(),
				stats.failedTotal(), stats.retriedTotal(), stats.reclaimedTotal());
		SettingsDescriptor described = new SettingsDescriptor(settings.keys().pending(),
				settings.visibilityTimeout().toMillis(), settings.maxAttempts(), settings.historySize(),
				settings.finishedTtl().toSeconds(), settings.maxPayloadBytes(),
				this.catalog.getSettings().getReclaimInterval(name).toMillis());
		FlowStatus flow = this.admin.flowStatus(name);
		return new QueueDescriptor(depths, totals, described, describeWorkers(name),
				new FlowDescriptor(flow.paused(), flow.levelDepths(), flow.groupsWaiting(), flow.groupedDepth()));
	}

	private WorkersDescriptor describeWorkers(String queue) {
		JobWorkerContainer container = this.catalog.getContainer(queue);
		if (container == null) {
			return new WorkersDescriptor(false, false, 0, 0, null, null, null);
		}
		JobWorkerSettings settings = container.getSettings();
		return new WorkersDescriptor(true, container.isRunning(), container.getConcurrency(),
				container.getActiveCount(), settings.claimTimeout().toMillis(), settings.shutdownTimeout().toMillis(),
				settings.leaseExtension());
	}

	/**
	 * Reads a list with its jobs in one round trip, so a queue's view costs the same few
	 * round trips whatever the number of jobs shown.
	 */
	private List<JobDescriptor> jobs(String queue, JobState state, boolean show) {
		List<JobDescriptor> jobs = new ArrayList<>();
		for (JobRecord job : this.admin.listJobs(queue, state, RECENT)) {
			jobs.add(describeJob(job, show));
		}
		return jobs;
	}

	private JobDescriptor describeJob(JobRecord job, boolean show) {
		String progress = job.fields().get("progress");
		return new JobDescriptor(job.id(), job.queue(), job.status(), job.attempts(), job.enqueuedAt(), job.runAt(),
				job.claimedAt(), job.completedAt(), job.lastErrorAt(), job.reclaimedAt(), job.lastError(),
				job.fields().get("schedule"), job.scheduledAt(), value(job.payload(), show), value(job.result(), show),
				(progress != null) ? (int) parseProgress(progress) : null,
				value(job.fields().get("progress_detail"), show));
	}

	private static long parseProgress(String value) {
		try {
			return Math.max(0, Math.min(100, Long.parseLong(value)));
		}
		catch (NumberFormatException ex) {
			return 0;
		}
	}

	private @Nullable Object value(@Nullable String json, boolean show) {
		if (json == null) {
			return null;
		}
		if (!show) {
			return HIDDEN;
		}
		try {
			return this.converter.read(json, Object.class);
		}
		catch (JobPayloadException ex) {
			return json;
		}
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
