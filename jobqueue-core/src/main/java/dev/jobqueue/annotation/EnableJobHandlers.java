package dev.jobqueue.annotation;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.springframework.context.annotation.Import;

/**
 * Switches on {@link JobHandler} methods in a plain Spring application: registers the
 * {@link JobHandlerBeanPostProcessor} and the
 * {@link dev.jobqueue.worker.JobHandlerEndpointRegistry}. The containers are made by the
 * {@link dev.jobqueue.worker.JobWorkerContainerFactory} bean named
 * {@value JobHandlerConfigUtils#CONTAINER_FACTORY_BEAN_NAME}, or the only one, or else a
 * default factory on the application's only {@link dev.jobqueue.JobWorkerProtocol} bean
 * (with the only {@link dev.jobqueue.worker.JobErrorHandler} bean, if there is one).
 * Spring Boot applications get this from the auto-configuration.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Import(JobHandlerBootstrapConfiguration.class)
public @interface EnableJobHandlers {

}
