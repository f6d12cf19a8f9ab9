package dev.jobqueue.boot.test;

import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

import dev.jobqueue.annotation.JobHandler;
import dev.jobqueue.worker.JobHandlerEndpoint;
import org.jspecify.annotations.Nullable;

import org.springframework.aop.support.AopUtils;
import org.springframework.beans.factory.config.ConfigurableBeanFactory;
import org.springframework.beans.factory.config.EmbeddedValueResolver;
import org.springframework.context.ApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.MethodIntrospector;
import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.util.Assert;
import org.springframework.util.ClassUtils;
import org.springframework.util.StringUtils;

/**
 * Finds the {@code @JobHandler} methods that an {@link InlineJobRunner} runs, on plain
 * objects or on the beans of an application context, with the annotations' placeholders
 * (and, in a context, expressions) resolved.
 */
final class InlineJobHandlers {

	private InlineJobHandlers() {
	}

	/**
	 * Finds the handlers of plain objects; placeholders resolve against system properties
	 * and environment variables, else to their defaults.
	 * @return the handlers by queue, empty when none of the objects has one
	 */
	static Map<String, List<JobHandlerEndpoint>> of(Object... handlers) {
		Map<String, List<JobHandlerEndpoint>> endpoints = new LinkedHashMap<>();
		StandardEnvironment environment = new StandardEnvironment();
		for (Object bean : handlers) {
			Assert.notNull(bean, "handlers must not contain null");
			addEndpoints(endpoints, bean, environment::resolvePlaceholders);
		}
		return endpoints;
	}

	/**
	 * Finds the handlers of every bean of a context, resolving placeholders and
	 * expressions as the context does.
	 * @return the handlers by queue
	 */
	static Map<String, List<JobHandlerEndpoint>> of(ApplicationContext context) {
		ConfigurableBeanFactory factory = (context instanceof ConfigurableApplicationContext configurable)
				? configurable.getBeanFactory() : null;
		Map<String, List<JobHandlerEndpoint>> endpoints = new LinkedHashMap<>();
		for (String name : context.getBeanDefinitionNames()) {
			Class<?> type = context.getType(name, false);
			if (type == null || !hasHandlers(type)) {
				continue;
			}
			addEndpoints(endpoints, context.getBean(name), (value) -> resolve(factory, value));
		}
		return endpoints;
	}

	private static boolean hasHandlers(Class<?> type) {
		Class<?> target = ClassUtils.getUserClass(type);
		return !MethodIntrospector
			.selectMethods(target,
					(MethodIntrospector.MetadataLookup<JobHandler>) (method) -> AnnotatedElementUtils
						.findMergedAnnotation(method, JobHandler.class))
			.isEmpty();
	}

	private static void addEndpoints(Map<String, List<JobHandlerEndpoint>> endpoints, Object bean,
			UnaryOperator<String> resolver) {
		Class<?> target = AopUtils.getTargetClass(bean);
		Map<Method, JobHandler> annotated = MethodIntrospector.selectMethods(target,
				(MethodIntrospector.MetadataLookup<JobHandler>) (method) -> AnnotatedElementUtils
					.findMergedAnnotation(method, JobHandler.class));
		annotated.forEach((method, handler) -> {
			String queue = resolver.apply(handler.queue());
			Assert.state(StringUtils.hasText(queue),
					() -> "@JobHandler " + ClassUtils.getQualifiedMethodName(method) + " needs a queue");
			String kind = resolver.apply(handler.kind());
			String id = resolver.apply(handler.id());
			JobHandlerEndpoint endpoint = new JobHandlerEndpoint(
					StringUtils.hasText(id) ? id : ClassUtils.getQualifiedMethodName(method), queue,
					StringUtils.hasText(kind) ? kind : null, bean, method, null, null);
			endpoints.computeIfAbsent(queue, (name) -> new ArrayList<>()).add(endpoint);
		});
	}

	private static String resolve(@Nullable ConfigurableBeanFactory factory, String value) {
		if (factory == null || !StringUtils.hasLength(value)) {
			return value;
		}
		// placeholders, then an expression, as Spring resolves @Scheduled attributes
		String resolved = new EmbeddedValueResolver(factory).resolveStringValue(value);
		return (resolved != null) ? resolved : "";
	}

}
