package com.example.tracing;

import dev.jobqueue.observation.DefaultJobRunObservationConvention;
import dev.jobqueue.observation.JobRunContext;
import dev.jobqueue.observation.JobRunObservationConvention;
import io.micrometer.common.KeyValues;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Adds the region that ran a job to every handler run's keys, keeping the default ones.
 */
@Configuration(proxyBeanMethods = false)
public class RegionObservationConfiguration {

	@Bean
	JobRunObservationConvention regionRunConvention(@Value("${app.region:local}") String region) {
		return new DefaultJobRunObservationConvention() {

			@Override
			public KeyValues getLowCardinalityKeyValues(JobRunContext context) {
				return super.getLowCardinalityKeyValues(context).and("app.region", region);
			}

		};
	}

}
