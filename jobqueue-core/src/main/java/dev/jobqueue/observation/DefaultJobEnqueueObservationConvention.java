package dev.jobqueue.observation;

import dev.jobqueue.observation.JobQueueObservation.HighCardinalityKeys;
import dev.jobqueue.observation.JobQueueObservation.LowCardinalityKeys;
import io.micrometer.common.KeyValues;

/**
 * The default {@link JobEnqueueObservationConvention}: named {@code jobqueue.enqueue},
 * shown as {@code <queue> enqueue}, with the keys of {@link JobQueueObservation#ENQUEUE}.
 */
public class DefaultJobEnqueueObservationConvention implements JobEnqueueObservationConvention {

	/**
	 * A shared instance of the convention.
	 */
	public static final DefaultJobEnqueueObservationConvention INSTANCE = new DefaultJobEnqueueObservationConvention();

	@Override
	public KeyValues getLowCardinalityKeyValues(JobEnqueueContext context) {
		String kind = context.getJobKind();
		String outcome = context.getOutcome();
		return KeyValues.of(LowCardinalityKeys.QUEUE.withValue(context.getQueue()),
				LowCardinalityKeys.KIND.withValue((kind != null) ? kind : "none"),
				LowCardinalityKeys.OUTCOME.withValue((outcome != null) ? outcome : "none"));
	}

	@Override
	public KeyValues getHighCardinalityKeyValues(JobEnqueueContext context) {
		if (context.getJobIds().size() == 1) {
			return KeyValues.of(HighCardinalityKeys.JOB_ID.withValue(context.getJobIds().get(0)));
		}
		return KeyValues.of(HighCardinalityKeys.JOB_COUNT.withValue(String.valueOf(context.getJobIds().size())));
	}

	@Override
	public String getContextualName(JobEnqueueContext context) {
		return context.getQueue() + " enqueue";
	}

}
