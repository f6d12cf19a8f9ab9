package dev.jobqueue.autoconfigure;

import dev.jobqueue.JobPayloadConverter;
import dev.jobqueue.JobWorkerProtocol;
import dev.jobqueue.annotation.EnableJobHandlers;
import dev.jobqueue.annotation.JobHandlerConfigUtils;
import dev.jobqueue.config.QueueSettingsResolver;
import dev.jobqueue.worker.DefaultJobErrorHandler;
import dev.jobqueue.worker.JobErrorHandler;
import dev.jobqueue.worker.JobExecutionListener;
import dev.jobqueue.worker.JobWorkerContainerFactory;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.thread.Threading;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

/**
 * Switches on {@code @JobHandler} methods with a container factory configured from
 * {@code jobqueue.*}; off in a producer-only application
 * ({@code jobqueue.worker.enabled=false}).
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnBooleanProperty(name = "jobqueue.worker.enabled", matchIfMissing = true)
class JobQueueAnnotationDrivenConfiguration {

	@Bean
	@ConditionalOnMissingBean
	JobErrorHandler jobErrorHandler() {
		return new DefaultJobErrorHandler();
	}

	@Bean
	@ConditionalOnMissingBean
	JobWorkerContainerFactoryConfigurer jobWorkerContainerFactoryConfigurer(QueueSettingsResolver settings,
			JobQueueProperties properties, JobPayloadConverter converter,
			ObjectProvider<JobExecutionListener> listeners, Environment environment, JobErrorHandler errorHandler) {
		return new JobWorkerContainerFactoryConfigurer(settings, properties, converter,
				listeners.orderedStream().toList(), Threading.VIRTUAL.isActive(environment), errorHandler);
	}

	@Bean(name = JobHandlerConfigUtils.CONTAINER_FACTORY_BEAN_NAME)
	@ConditionalOnMissingBean(name = JobHandlerConfigUtils.CONTAINER_FACTORY_BEAN_NAME)
	JobWorkerContainerFactory jobWorkerContainerFactory(JobWorkerContainerFactoryConfigurer configurer,
			JobWorkerProtocol workerProtocol) {
		JobWorkerContainerFactory factory = new JobWorkerContainerFactory(workerProtocol);
		configurer.configure(factory);
		return factory;
	}

	@Configuration(proxyBeanMethods = false)
	@EnableJobHandlers
	@ConditionalOnMissingBean(name = JobHandlerConfigUtils.JOB_HANDLER_ANNOTATION_PROCESSOR_BEAN_NAME)
	static class EnableJobHandlersConfiguration {

	}

}
