package dev.jobqueue.annotation;

import org.jspecify.annotations.Nullable;

import org.springframework.util.StringUtils;
import org.springframework.util.StringValueResolver;

/**
 * Bean names of the {@code @JobHandler} infrastructure, for conditions and overrides, and
 * the attribute resolution its annotation post-processors share.
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

	/**
	 * Resolves an annotation attribute's placeholders and expressions, as Spring resolves
	 * {@code @Scheduled}'s.
	 * @param resolver the bean factory's resolver, or null outside a configurable bean
	 * factory (the value is then taken as it is)
	 * @param value the attribute's value
	 * @return the resolved value, empty when it resolves to null
	 */
	public static String resolve(@Nullable StringValueResolver resolver, String value) {
		if (resolver == null || !StringUtils.hasLength(value)) {
			return value;
		}
		String resolved = resolver.resolveStringValue(value);
		return (resolved != null) ? resolved : "";
	}

}
