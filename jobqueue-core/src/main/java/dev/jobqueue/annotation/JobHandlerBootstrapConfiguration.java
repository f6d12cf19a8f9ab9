package dev.jobqueue.annotation;

import dev.jobqueue.worker.JobHandlerEndpointRegistry;

import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.beans.factory.support.BeanDefinitionRegistry;
import org.springframework.beans.factory.support.RootBeanDefinition;
import org.springframework.context.annotation.ImportBeanDefinitionRegistrar;
import org.springframework.core.type.AnnotationMetadata;

/**
 * Registers the {@link JobHandlerBeanPostProcessor} and the
 * {@link JobHandlerEndpointRegistry} unless the application already defines beans with
 * their names; imported by {@link EnableJobHandlers}.
 */
final class JobHandlerBootstrapConfiguration implements ImportBeanDefinitionRegistrar {

	@Override
	public void registerBeanDefinitions(AnnotationMetadata importingClassMetadata, BeanDefinitionRegistry registry) {
		register(registry, JobHandlerConfigUtils.JOB_HANDLER_ANNOTATION_PROCESSOR_BEAN_NAME,
				JobHandlerBeanPostProcessor.class);
		register(registry, JobHandlerConfigUtils.JOB_HANDLER_ENDPOINT_REGISTRY_BEAN_NAME,
				JobHandlerEndpointRegistry.class);
	}

	private static void register(BeanDefinitionRegistry registry, String name, Class<?> type) {
		if (!registry.containsBeanDefinition(name)) {
			RootBeanDefinition definition = new RootBeanDefinition(type);
			definition.setRole(BeanDefinition.ROLE_INFRASTRUCTURE);
			registry.registerBeanDefinition(name, definition);
		}
	}

}
