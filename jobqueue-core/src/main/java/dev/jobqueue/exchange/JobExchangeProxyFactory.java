package dev.jobqueue.exchange;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.Proxy;
import java.util.LinkedHashMap;
import java.util.Map;

import dev.jobqueue.JobPayloadConverter;
import dev.jobqueue.JobQueueOperations;
import dev.jobqueue.worker.JobWorkerContainerFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.util.Assert;
import org.springframework.util.ReflectionUtils;

/**
 * Makes proxies of interfaces whose {@link JobExchange} methods enqueue jobs, as Spring's
 * {@code HttpServiceProxyFactory} makes HTTP clients of {@code @HttpExchange} interfaces:
 * producers call {@code mailer.send(email)} instead of building payloads.
 * <p>
 * Each method is checked when the proxy is made: it needs a queue, returns {@code void}
 * or {@code String} (the job id), and takes the payload as its arguments: none (a null
 * payload), one (the payload), or several (an object of their parameter names, which
 * needs classes compiled with {@code -parameters}). A {@code JobOptions} parameter is the
 * job's options, not payload. Calls go through the given operations, so inside a
 * transaction the starter's bean defers them to the commit.
 */
public final class JobExchangeProxyFactory {

	private final JobQueueOperations jobs;

	private final JobPayloadConverter converter;

	private final String kindField;

	private JobExchangeProxyFactory(JobQueueOperations jobs, JobPayloadConverter converter, String kindField) {
		this.jobs = jobs;
		this.converter = converter;
		this.kindField = kindField;
	}

	/**
	 * Creates a factory whose proxies write the kind to the default field,
	 * {@value JobWorkerContainerFactory#DEFAULT_KIND_FIELD}.
	 * @param jobs where the jobs go
	 * @param converter the converter of the operations, to add the kind to payloads
	 * @return the factory
	 */
	public static JobExchangeProxyFactory create(JobQueueOperations jobs, JobPayloadConverter converter) {
		return create(jobs, converter, JobWorkerContainerFactory.DEFAULT_KIND_FIELD);
	}

	/**
	 * Creates a factory whose proxies write the kind to the given field.
	 * @param jobs where the jobs go
	 * @param converter the converter of the operations, to add the kind to payloads
	 * @param kindField the payload field the workers route on, not blank
	 * @return the factory
	 */
	public static JobExchangeProxyFactory create(JobQueueOperations jobs, JobPayloadConverter converter,
			String kindField) {
		Assert.notNull(jobs, "jobs must not be null");
		Assert.notNull(converter, "converter must not be null");
		Assert.hasText(kindField, "kindField must not be blank");
		return new JobExchangeProxyFactory(jobs, converter, kindField);
	}

	/**
	 * Makes a proxy of an interface.
	 * @param <S> the interface type
	 * @param type the interface; every abstract method must be a valid
	 * {@link JobExchange} method
	 * @return the proxy
	 * @throws IllegalArgumentException if the type is not an interface
	 * @throws IllegalStateException naming the first invalid method
	 */
	public <S> S createClient(Class<S> type) {
		Assert.isTrue(type.isInterface(), () -> type.getName() + " is not an interface");
		JobExchange defaults = type.getAnnotation(JobExchange.class);
		Map<Method, EnqueueMethod> methods = new LinkedHashMap<>();
		for (Method method : type.getMethods()) {
			if (Modifier.isAbstract(method.getModifiers())) {
				methods.put(method, EnqueueMethod.of(method, defaults, this.kindField));
			}
		}
		InvocationHandler handler = (proxy, method, args) -> invoke(type, proxy, methods, method, args);
		return type.cast(Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] { type }, handler));
	}

	private @Nullable Object invoke(Class<?> type, Object proxy, Map<Method, EnqueueMethod> methods, Method method,
			@Nullable Object @Nullable [] args) throws Throwable {
		EnqueueMethod enqueue = methods.get(method);
		if (enqueue != null) {
			return enqueue.invoke(this.jobs, this.converter, (args != null) ? args : new Object[0]);
		}
		if (method.isDefault()) {
			return InvocationHandler.invokeDefault(proxy, method, args);
		}
		if (ReflectionUtils.isEqualsMethod(method)) {
			return proxy == ((args != null) ? args[0] : null);
		}
		if (ReflectionUtils.isHashCodeMethod(method)) {
			return System.identityHashCode(proxy);
		}
		if (ReflectionUtils.isToStringMethod(method)) {
			return "JobExchange proxy of " + type.getName();
		}
		throw new IllegalStateException("Unexpected method " + method);
	}

}
