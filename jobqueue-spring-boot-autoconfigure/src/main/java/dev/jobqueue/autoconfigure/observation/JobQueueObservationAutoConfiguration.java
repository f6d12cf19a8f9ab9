package dev.jobqueue.autoconfigure.observation;

import dev.jobqueue.autoconfigure.JobQueueAutoConfiguration;
import dev.jobqueue.autoconfigure.JobQueueProperties;
import dev.jobqueue.observation.JobEnqueueObservationConvention;
import dev.jobqueue.observation.JobEnqueueObserver;
import dev.jobqueue.observation.JobRunObservationConvention;
import dev.jobqueue.observation.MdcJobExecutionListener;
import dev.jobqueue.observation.ObservationJobExecutionListener;
import io.micrometer.observation.ObservationRegistry;
import org.slf4j.MDC;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * {@link org.springframework.boot.autoconfigure.EnableAutoConfiguration
 * Auto-configuration} for observing enqueues
 * ({@code jobqueue.producer.observation-enabled}) and handler runs
 * ({@code jobqueue.worker.observation-enabled}) with the application's
 * {@link ObservationRegistry}, each off by default as Spring Kafka's template and
 * listener observations are, and for the MDC of worker threads
 * ({@code jobqueue.worker.mdc-enabled}, on by default).
 */
@AutoConfiguration(after = JobQueueAutoConfiguration.class,
		afterName = "org.springframework.boot.micrometer.observation.autoconfigure.ObservationAutoConfiguration")
@ConditionalOnBean(JobQueueProperties.class)
public final class JobQueueObservationAutoConfiguration {

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(ObservationRegistry.class)
	@ConditionalOnBean(ObservationRegistry.class)
	static class ObservationConfiguration {

		@Bean
		@ConditionalOnMissingBean
		@ConditionalOnBooleanProperty("jobqueue.producer.observation-enabled")
		JobEnqueueObserver jobEnqueueObserver(ObservationRegistry registry,
				ObjectProvider<JobEnqueueObservationConvention> convention, JobQueueProperties properties) {
			return new JobEnqueueObserver(registry, convention.getIfUnique(), properties.getWorker().getKindField());
		}

		@Bean
		@ConditionalOnMissingBean
		@ConditionalOnBooleanProperty("jobqueue.worker.observation-enabled")
		ObservationJobExecutionListener jobQueueObservationListener(ObservationRegistry registry,
				ObjectProvider<JobRunObservationConvention> convention, JobQueueProperties properties) {
			return new ObservationJobExecutionListener(registry, convention.getIfUnique(),
					properties.getWorker().getKindField());
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(MDC.class)
	@ConditionalOnBooleanProperty(name = "jobqueue.worker.mdc-enabled", matchIfMissing = true)
	static class MdcConfiguration {

		@Bean
		@ConditionalOnMissingBean
		MdcJobExecutionListener jobQueueMdcListener() {
			return new MdcJobExecutionListener();
		}

	}

}
