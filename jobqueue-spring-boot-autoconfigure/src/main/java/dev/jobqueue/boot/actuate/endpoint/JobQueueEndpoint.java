package dev.jobqueue.boot.actuate.endpoint;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

import dev.jobqueue.JobCancellation;
import dev.jobqueue.JobPayloadConverter;
import dev.jobqueue.JobQueueAdmin;
import dev.jobqueue.JobQueueOperations;
import dev.jobqueue.JobState;
import dev.jobqueue.ReclaimResult;
import dev.jobqueue.boot.JobQueueCatalog;
import dev.jobqueue.boot.actuate.endpoint.JobQueueEndpointDescriptors.ActionDescriptor;
import dev.jobqueue.boot.actuate.endpoint.JobQueueEndpointDescriptors.JobDescriptor;
import dev.jobqueue.boot.actuate.endpoint.JobQueueEndpointDescriptors.PauseDescriptor;
import dev.jobqueue.boot.actuate.endpoint.JobQueueEndpointDescriptors.PurgeDescriptor;
import dev.jobqueue.boot.actuate.endpoint.JobQueueEndpointDescriptors.QueueDescriptor;
import dev.jobqueue.boot.actuate.endpoint.JobQueueEndpointDescriptors.QueueDetailsDescriptor;
import dev.jobqueue.boot.actuate.endpoint.JobQueueEndpointDescriptors.QueuesDescriptor;
import dev.jobqueue.boot.actuate.endpoint.JobQueueEndpointDescriptors.ReclaimDescriptor;
import dev.jobqueue.scheduling.RecurringJobScheduler;
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

	private final JobQueueOperations operations;

	private final JobQueueAdmin admin;

	private final JobQueueCatalog catalog;

	private final Show showValues;

	private final Set<String> roles;

	private final @Nullable RecurringJobScheduler scheduler;

	private final JobQueueDescriber describer;

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
		this.showValues = showValues;
		this.roles = Set.copyOf(roles);
		this.scheduler = scheduler;
		this.describer = new JobQueueDescriber(admin, catalog, converter, scheduler);
	}

	/**
	 * Describes every known queue and every recurring schedule running here.
	 * @return the queues by name and the schedules
	 */
	@ReadOperation
	public QueuesDescriptor queues() {
		Map<String, QueueDescriptor> queues = new LinkedHashMap<>();
		for (String name : this.catalog.getQueueNames()) {
			queues.put(name, this.describer.describeQueue(name));
		}
		return new QueuesDescriptor(queues, this.describer.describeSchedules());
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
		QueueDescriptor summary = this.describer.describeQueue(queue);
		return new QueueDetailsDescriptor(queue, summary.depths(), summary.counters(), summary.settings(),
				summary.workers(), this.describer.jobs(queue, JobState.PROCESSING, show),
				this.describer.jobs(queue, JobState.DELAYED, show),
				this.describer.jobs(queue, JobState.COMPLETED, show), this.describer.jobs(queue, JobState.FAILED, show),
				summary.flow());
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
		return this.operations.getJob(queue, id).map((job) -> this.describer.describeJob(job, show)).orElse(null);
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

}
