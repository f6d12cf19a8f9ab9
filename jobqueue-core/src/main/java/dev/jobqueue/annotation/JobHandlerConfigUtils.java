package dev.jobqueue.annotation;

/**
 * Bean names of the {@code @JobHandler} infrastructure, for conditions and overrides.
 */
public final class JobHandlerConfigUtils {

	/** The bean name of the {@link JobHandlerBeanPostProcessor}. */
	public static final String JOB_HANDLER_ANNOTATION_PROCESSOR_BEAN_NAME = "dev.jobqueue.annotation.internalJobHandlerAnnotationProcessor";

	/** The bean name of the {@link dev.jobqueue.worker.JobHandlerEndpointRegistry}. */
	public static final String JOB_HANDLER_ENDPOINT_REGISTRY_BEAN_NAME = "dev.jobqueue.worker.internalJobHandlerEndpointRegistry";

	/** The bean name of the container factory handlers use when there are several. */
	public static final String CONTAINER_FACTORY_BEAN_NAME = "jobWorkerContainerFactory";

	private JobHandlerConfigUtils() {
	}

}
