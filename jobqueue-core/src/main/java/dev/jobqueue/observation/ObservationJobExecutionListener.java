package dev.jobqueue.observation;

import java.time.Duration;

import dev.jobqueue.ClaimedJob;
import dev.jobqueue.worker.JobExecutionListener;
import dev.jobqueue.worker.JobOutcome;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

import org.springframework.util.Assert;

/**
 * Observes each handler run as a {@link JobQueueObservation#HANDLER} observation, in
 * scope on the worker thread while the handler runs, so that what the handler does (and
 * logs) belongs to the run's span; with a propagating tracer the run continues the trace
 * of the enqueue, read from the job's {@code traceparent} field.
 * <p>
 * Add it to the worker container factory's listeners; Spring Boot does when
 * {@code jobqueue.worker.observation-enabled} is true.
 */
public final class ObservationJobExecutionListener implements JobExecutionListener {

	private final ObservationRegistry registry;

	private final @Nullable JobRunObservationConvention convention;

	private final String kindField;

	// jobStarted and jobFinished of one run are called on the same worker thread, and one
	// run finishes before the thread starts the next
	private final ThreadLocal<Running> running = new ThreadLocal<>();

	/**
	 * Creates the listener.
	 * @param registry the registry to observe in
	 * @param convention the convention replacing the default one, or null for the default
	 * @param kindField the payload field that names a job's kind
	 */
	public ObservationJobExecutionListener(ObservationRegistry registry,
			@Nullable JobRunObservationConvention convention, String kindField) {
		Assert.notNull(registry, "registry must not be null");
		Assert.hasText(kindField, "kindField must not be blank");
		this.registry = registry;
		this.convention = convention;
		this.kindField = kindField;
	}

	@Override
	public void jobStarted(ClaimedJob job) {
		JobRunContext context = new JobRunContext(job, kind(job.payloadTree(), this.kindField));
		Observation observation = JobQueueObservation.HANDLER.observation(this.convention,
				DefaultJobRunObservationConvention.INSTANCE, () -> context, this.registry);
		observation.start();
		this.running.set(new Running(observation, observation.openScope(), context));
	}

	@Override
	public void jobFinished(ClaimedJob job, JobOutcome outcome, Duration executionTime) {
		jobFinished(job, outcome, executionTime, null);
	}

	@Override
	public void jobFinished(ClaimedJob job, JobOutcome outcome, Duration executionTime, @Nullable Throwable failure) {
		Running run = this.running.get();
		if (run == null) {
			return;
		}
		this.running.remove();
		run.context.setOutcome(outcome.tagValue());
		if (failure != null) {
			run.observation.error(failure);
		}
		try {
			run.scope.close();
		}
		finally {
			run.observation.stop();
		}
	}

	/**
	 * Returns the kind a payload names.
	 * @param payload the parsed payload, or null when it was not parsed
	 * @param kindField the payload field that names the kind
	 * @return the field's text value, or null when it has none
	 */
	static @Nullable String kind(@Nullable JsonNode payload, String kindField) {
		JsonNode node = (payload != null) ? payload.get(kindField) : null;
		return (node != null && node.isString()) ? node.asString() : null;
	}

	private record Running(Observation observation, Observation.Scope scope, JobRunContext context) {
	}

}
