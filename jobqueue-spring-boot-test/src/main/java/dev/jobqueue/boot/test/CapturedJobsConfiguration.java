package dev.jobqueue.boot.test;

import dev.jobqueue.JacksonJobPayloadConverter;
import dev.jobqueue.JobPayloadConverter;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;

/**
 * Defines the {@link CapturedJobs} bean of {@link CaptureJobs @CaptureJobs}, writing
 * payloads with the application's converter when it has one.
 */
@TestConfiguration(proxyBeanMethods = false)
class CapturedJobsConfiguration {

	@Bean
	CapturedJobs capturedJobs(ObjectProvider<JobPayloadConverter> converter) {
		return new CapturedJobs(converter.getIfUnique(JacksonJobPayloadConverter::new));
	}

}
