package dev.jobqueue.observation;

import dev.jobqueue.observation.JobQueueObservation.HighCardinalityKeys;
import dev.jobqueue.observation.JobQueueObservation.LowCardinalityKeys;
import io.micrometer.common.KeyValues;

/**
 * The default {@link JobRunObservationConvention}: named {@code jobqueue.handler}, shown
 * as {@code <queue> process}, with the keys of {@link JobQueueObservation#HANDLER}.
 */
public class DefaultJobRunObservationConvention implements JobRunObservationConvention {

	/**
	 * A shared instance of the convention.
	 */
	public static final DefaultJobRunObservationConvention INSTANCE = new DefaultJobRunObservationConvention();

	@Override
	public KeyValues getLowCardinalityKeyValues(JobRunContext context) {
		String kind = context.getJobKind();
		String outcome = context.getOutcome();
		return KeyValues.of(LowCardinalityKeys.QUEUE.withValue(context.getJob().queue()),
				LowCardinalityKeys.KIND.withValue((kind != null) ? kind : "none"),
				LowCardinalityKeys.OUTCOME.withValue((outcome != null) ? outcome : "none"));
	}

	@Override
	public KeyValues getHighCardinalityKeyValues(JobRunContext context) {
		return KeyValues.of(HighCardinalityKeys.JOB_ID.withValue(context.getJob().id()),
				HighCardinalityKeys.ATTEMPT.withValue(String.valueOf(context.getJob().attempts())));
	}

	@Override
	public String getContextualName(JobRunContext context) {
		return context.getJob().queue() + " process";
	}

}
