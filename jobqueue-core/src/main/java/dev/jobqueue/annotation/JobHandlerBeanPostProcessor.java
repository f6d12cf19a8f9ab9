package dev.jobqueue.annotation;

import java.lang.reflect.Method;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import dev.jobqueue.JobWorkerProtocol;
import dev.jobqueue.worker.JobErrorHandler;
import dev.jobqueue.worker.JobHandlerEndpoint;
import dev.jobqueue.worker.JobHandlerEndpointRegistry;
import dev.jobqueue.worker.JobWorkerContainerFactory;
import dev.jobqueue.worker.RetryConfig;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.aop.support.AopUtils;
import org.springframework.beans.factory.BeanFactory;
import org.springframework.beans.factory.BeanFactoryAware;
import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.beans.factory.config.ConfigurableBeanFactory;
import org.springframework.beans.factory.config.EmbeddedValueResolver;
import org.springframework.core.MethodIntrospector;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.format.datetime.standard.DurationFormatterUtils;
import org.springframework.util.Assert;
import org.springframework.util.StringUtils;

/**
 * Finds {@link JobHandler} methods on beans, resolves their attributes (placeholders and
 * expressions), and once every singleton exists hands the endpoints to the
 * {@link JobHandlerEndpointRegistry} together with the container factory. Registered by
 * {@link EnableJobHandlers}.
 */
public final class JobHandlerBeanPostProcessor
		implements BeanPostProcessor, SmartInitializingSingleton, BeanFactoryAware, Ordered {

	private static final Log logger = LogFactory.getLog(JobHandlerBeanPostProcessor.class);

	private final Set<Class<?>> classesWithoutHandlers = Collections.newSetFromMap(new ConcurrentHashMap<>());

	private final List<JobHandlerEndpoint> endpoints = Collections.synchronizedList(new ArrayList<>());

	private @Nullable ConfigurableBeanFactory beanFactory;

	/** Resolves placeholders, then expressions, as Spring resolves {@code @Scheduled}. */
	private @Nullable EmbeddedValueResolver valueResolver;

	@Override
	public void setBeanFactory(BeanFactory beanFactory) {
		Assert.isInstanceOf(ConfigurableBeanFactory.class, beanFactory, "@JobHandler needs a ConfigurableBeanFactory");
		this.beanFactory = (ConfigurableBeanFactory) beanFactory;
		this.valueResolver = new EmbeddedValueResolver(this.beanFactory);
	}

	@Override
	public int getOrder() {
		return LOWEST_PRECEDENCE;
	}

	@Override
	public Object postProcessAfterInitialization(Object bean, String beanName) {
		Class<?> targetClass = AopUtils.getTargetClass(bean);
		if (this.classesWithoutHandlers.contains(targetClass)) {
			return bean;
		}
		Map<Method, JobHandler> annotated = MethodIntrospector.selectMethods(targetClass,
				(MethodIntrospector.MetadataLookup<JobHandler>) (method) -> AnnotatedElementUtils
					.findMergedAnnotation(method, JobHandler.class));
		if (annotated.isEmpty()) {
			this.classesWithoutHandlers.add(targetClass);
			return bean;
		}
		annotated.forEach((method, handler) -> this.endpoints.add(endpoint(bean, method, handler)));
		return bean;
	}

	private JobHandlerEndpoint endpoint(Object bean, Method method, JobHandler handler) {
		String where = "@JobHandler " + method.getDeclaringClass().getName() + "." + method.getName();
		String queue = resolve(handler.queue());
		Assert.state(StringUtils.hasText(queue), () -> where + " needs a queue");
		String id = resolve(handler.id());
		String kind = resolve(handler.kind());
		String concurrency = resolve(handler.concurrency());
		String autoStartup = resolve(handler.autoStartup());
		Integer parsedConcurrency = null;
		if (StringUtils.hasText(concurrency)) {
			try {
				parsedConcurrency = Integer.valueOf(concurrency.trim());
			}
			catch (NumberFormatException ex) {
				throw new IllegalStateException(where + " concurrency must be a number, was '" + concurrency + "'", ex);
			}
		}
		Boolean parsedAutoStartup = null;
		if (StringUtils.hasText(autoStartup)) {
			Assert.state("true".equalsIgnoreCase(autoStartup.trim()) || "false".equalsIgnoreCase(autoStartup.trim()),
					() -> where + " autoStartup must be true or false, was '" + autoStartup + "'");
			parsedAutoStartup = Boolean.valueOf(autoStartup.trim());
		}
		return new JobHandlerEndpoint(StringUtils.hasText(id) ? id : where.substring("@JobHandler ".length()), queue,
				StringUtils.hasText(kind) ? kind : null, bean, method, parsedConcurrency, parsedAutoStartup,
				retry(where, handler), positive(where, "timeout", duration(where, "timeout", handler.timeout())));
	}

	private RetryConfig retry(String where, JobHandler handler) {
		Backoff backoff = handler.backoff();
		String multiplier = resolve(backoff.multiplier());
		Double parsedMultiplier = null;
		if (StringUtils.hasText(multiplier)) {
			try {
				parsedMultiplier = Double.valueOf(multiplier.trim());
			}
			catch (NumberFormatException ex) {
				throw new IllegalStateException(
						where + " backoff.multiplier must be a number, was '" + multiplier + "'", ex);
			}
		}
		return new RetryConfig(duration(where, "backoff.delay", backoff.delay()), parsedMultiplier,
				duration(where, "backoff.maxDelay", backoff.maxDelay()),
				duration(where, "backoff.jitter", backoff.jitter()), List.of(handler.notRetryable()));
	}

	private static @Nullable Duration positive(String where, String attribute, @Nullable Duration value) {
		Assert.state(value == null || value.toMillis() >= 1,
				() -> where + " " + attribute + " must be at least 1ms, was " + value);
		return value;
	}

	private @Nullable Duration duration(String where, String attribute, String value) {
		String resolved = resolve(value);
		if (!StringUtils.hasText(resolved)) {
			return null;
		}
		Duration parsed;
		try {
			parsed = DurationFormatterUtils.detectAndParse(resolved.trim());
		}
		catch (IllegalArgumentException ex) {
			throw new IllegalStateException(where + " " + attribute + " must be a duration such as 500ms, 2s or PT2S, "
					+ "was '" + resolved + "'", ex);
		}
		Assert.state(!parsed.isNegative(), () -> where + " " + attribute + " must not be negative, was " + resolved);
		return parsed;
	}

	private String resolve(String value) {
		return JobHandlerConfigUtils.resolve(this.valueResolver, value);
	}

	@Override
	public void afterSingletonsInstantiated() {
		ConfigurableBeanFactory factory = this.beanFactory;
		Assert.state(factory != null, "No BeanFactory");
		List<JobHandlerEndpoint> found = List.copyOf(this.endpoints);
		this.endpoints.clear();
		JobHandlerEndpointRegistry registry = factory
			.getBean(JobHandlerConfigUtils.JOB_HANDLER_ENDPOINT_REGISTRY_BEAN_NAME, JobHandlerEndpointRegistry.class);
		if (found.isEmpty()) {
			return;
		}
		registry.registerEndpoints(found, containerFactory(factory));
		logger.debug("Registered " + found.size() + " @JobHandler methods");
	}

	private static JobWorkerContainerFactory containerFactory(ConfigurableBeanFactory factory) {
		if (factory.containsBean(JobHandlerConfigUtils.CONTAINER_FACTORY_BEAN_NAME)) {
			return factory.getBean(JobHandlerConfigUtils.CONTAINER_FACTORY_BEAN_NAME, JobWorkerContainerFactory.class);
		}
		if (factory instanceof ListableBeanFactory listable) {
			JobWorkerContainerFactory unique = listable.getBeanProvider(JobWorkerContainerFactory.class).getIfUnique();
			if (unique != null) {
				return unique;
			}
			JobWorkerProtocol operations = listable.getBeanProvider(JobWorkerProtocol.class).getIfUnique();
			if (operations != null) {
				JobWorkerContainerFactory created = new JobWorkerContainerFactory(operations);
				listable.getBeanProvider(JobErrorHandler.class).ifUnique(created::setErrorHandler);
				return created;
			}
		}
		throw new IllegalStateException("@JobHandler methods need a JobWorkerContainerFactory bean named '"
				+ JobHandlerConfigUtils.CONTAINER_FACTORY_BEAN_NAME + "', or a single JobWorkerProtocol bean");
	}

}
