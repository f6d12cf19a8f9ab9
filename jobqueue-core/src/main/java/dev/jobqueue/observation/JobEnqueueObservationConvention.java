package dev.jobqueue.observation;

import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationConvention;

/**
 * The names and key values of enqueue observations; implement it (or extend
 * {@link DefaultJobEnqueueObservationConvention}) to replace them.
 */
public interface JobEnqueueObservationConvention extends ObservationConvention<JobEnqueueContext> {

	@Override
	default boolean supportsContext(Observation.Context context) {
		return context instanceof JobEnqueueContext;
	}

	@Override
	default String getName() {
		return "jobqueue.enqueue";
	}

}
