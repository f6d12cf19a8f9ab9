package dev.jobqueue.autoconfigure;

import java.util.List;

import dev.jobqueue.JobPayloadConverter;
import dev.jobqueue.config.QueueSettingsResolver;
import dev.jobqueue.worker.JobErrorHandler;
import dev.jobqueue.worker.JobExecutionListener;
import dev.jobqueue.worker.JobWorkerContainerFactory;

/**
 * Applies the {@code jobqueue.*} properties and the application's converter and listeners
 * to a {@link JobWorkerContainerFactory}, for an application that defines its own factory
 * and wants Boot's settings on it.
 */
public final class JobWorkerContainerFactoryConfigurer {

	private final QueueSettingsResolver settings;

	private final JobQueueProperties properties;

	private final JobPayloadConverter converter;

	private final List<JobExecutionListener> listeners;

	private final boolean virtualThreads;

	private final JobErrorHandler errorHandler;

	JobWorkerContainerFactoryConfigurer(QueueSettingsResolver settings, JobQueueProperties properties,
			JobPayloadConverter converter, List<JobExecutionListener> listeners, boolean virtualThreads,
			JobErrorHandler errorHandler) {
		this.settings = settings;
		this.properties = properties;
		this.converter = converter;
		this.listeners = List.copyOf(listeners);
		this.virtualThreads = virtualThreads;
		this.errorHandler = errorHandler;
	}

	/**
	 * Configures a factory with the queue and retry settings, converter, kind field,
	 * threads, claim mode, listeners and error handler.
	 * @param factory the factory to configure
	 */
	public void configure(JobWorkerContainerFactory factory) {
		factory.setConverter(this.converter);
		factory.setSettings(this.settings::getWorkerSettings);
		factory.setRetrySettings(this.settings::getRetrySettings);
		factory.setEnabledQueues(this.settings::isEnabled);
		factory.setShards(this.settings.getQueueShards());
		factory.setKindField(this.properties.getWorker().getKindField());
		factory.setVirtualThreads(this.virtualThreads);
		factory.setClaimMode(this.properties.getWorker().getClaimMode());
		this.listeners.forEach(factory::addListener);
		factory.setErrorHandler(this.errorHandler);
	}

}
