package dev.jobqueue.observation;

import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationConvention;

/**
 * The names and key values of handler run observations; implement it (or extend
 * {@link DefaultJobRunObservationConvention}) to replace them.
 */
public interface JobRunObservationConvention extends ObservationConvention<JobRunContext> {

	@Override
	default boolean supportsContext(Observation.Context context) {
		return context instanceof JobRunContext;
	}

	@Override
	default String getName() {
		return "jobqueue.handler";
	}

}
