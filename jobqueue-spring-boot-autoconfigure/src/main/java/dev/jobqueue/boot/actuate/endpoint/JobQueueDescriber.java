package dev.jobqueue.boot.actuate.endpoint;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import dev.jobqueue.FlowStatus;
import dev.jobqueue.JobPayloadConverter;
import dev.jobqueue.JobPayloadException;
import dev.jobqueue.JobQueueAdmin;
import dev.jobqueue.JobRecord;
import dev.jobqueue.JobState;
import dev.jobqueue.QueueSettings;
import dev.jobqueue.QueueStats;
import dev.jobqueue.boot.JobQueueCatalog;
import dev.jobqueue.boot.actuate.endpoint.JobQueueEndpointDescriptors.CountersDescriptor;
import dev.jobqueue.boot.actuate.endpoint.JobQueueEndpointDescriptors.DepthsDescriptor;
import dev.jobqueue.boot.actuate.endpoint.JobQueueEndpointDescriptors.FlowDescriptor;
import dev.jobqueue.boot.actuate.endpoint.JobQueueEndpointDescriptors.JobDescriptor;
import dev.jobqueue.boot.actuate.endpoint.JobQueueEndpointDescriptors.QueueDescriptor;
import dev.jobqueue.boot.actuate.endpoint.JobQueueEndpointDescriptors.ScheduleDescriptor;
import dev.jobqueue.boot.actuate.endpoint.JobQueueEndpointDescriptors.SettingsDescriptor;
import dev.jobqueue.boot.actuate.endpoint.JobQueueEndpointDescriptors.WorkersDescriptor;
import dev.jobqueue.scheduling.RecurringJobScheduler;
import dev.jobqueue.scheduling.ScheduleState;
import dev.jobqueue.worker.JobWorkerContainer;
import dev.jobqueue.worker.JobWorkerSettings;
import org.jspecify.annotations.Nullable;

/**
 * The reads of {@link JobQueueEndpoint}: turns a queue's statistics, settings, flow
 * state, workers and recent jobs, and the recurring schedules, into its descriptors,
 * hiding payloads, results and progress details unless values are shown.
 */
final class JobQueueDescriber {

	private static final String HIDDEN = "******";

	private static final int RECENT = 10;

	private final JobQueueAdmin admin;

	private final JobQueueCatalog catalog;

	private final JobPayloadConverter converter;

	private final @Nullable RecurringJobScheduler scheduler;

	JobQueueDescriber(JobQueueAdmin admin, JobQueueCatalog catalog, JobPayloadConverter converter,
			@Nullable RecurringJobScheduler scheduler) {
		this.admin = admin;
		this.catalog = catalog;
		this.converter = converter;
		this.scheduler = scheduler;
	}

	/**
	 * Describes the recurring schedules running here.
	 * @return the schedules, in the order they were declared; empty when none run here
	 */
	List<ScheduleDescriptor> describeSchedules() {
		List<ScheduleDescriptor> schedules = new ArrayList<>();
		if (this.scheduler != null) {
			for (ScheduleState state : this.scheduler.getScheduleStates()) {
				schedules.add(new ScheduleDescriptor(state.name(), state.queue(), state.trigger(),
						state.missedTicks().name().toLowerCase(Locale.ROOT).replace('_', '-'), state.lastTick(),
						state.nextTick()));
			}
		}
		return schedules;
	}

	QueueDescriptor describeQueue(String name) {
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
	List<JobDescriptor> jobs(String queue, JobState state, boolean show) {
		List<JobDescriptor> jobs = new ArrayList<>();
		for (JobRecord job : this.admin.listJobs(queue, state, RECENT)) {
			jobs.add(describeJob(job, show));
		}
		return jobs;
	}

	JobDescriptor describeJob(JobRecord job, boolean show) {
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

}
