package dev.jobqueue.worker;

import java.lang.reflect.Method;
import java.time.Duration;

import org.jspecify.annotations.Nullable;

import org.springframework.util.Assert;
import org.springframework.util.ClassUtils;

/**
 * One {@code @JobHandler} method with its resolved attributes: the route it serves (a
 * queue, and optionally a payload kind) and the bean it is called on.
 *
 * @param id a unique id, by default the method's qualified name
 * @param queue the queue the handler takes jobs from
 * @param kind the value of the payload's kind field this handler accepts, or null for
 * every job of the queue that no other handler claims
 * @param bean the bean to call the method on
 * @param method the handler method
 * @param concurrency the concurrency the handler asks for its queue's container, or null
 * for the configured one
 * @param autoStartup whether the handler's container starts with the context, or null for
 * the configured default
 * @param retry the handler's own retry settings over its queue's
 * ({@link RetryConfig#EMPTY} for the queue's)
 */
public record JobHandlerEndpoint(String id, String queue, @Nullable String kind, Object bean, Method method,
		@Nullable Integer concurrency, @Nullable Boolean autoStartup, RetryConfig retry, @Nullable Duration timeout) {

	/**
	 * Creates an endpoint after validating it.
	 * @param id see the record description
	 * @param queue see the record description
	 * @param kind see the record description
	 * @param bean see the record description
	 * @param method see the record description
	 * @param concurrency see the record description
	 * @param autoStartup see the record description
	 * @param retry see the record description
	 * @param timeout see the record description
	 * @throws IllegalArgumentException if the queue is blank, the concurrency is not
	 * positive or the timeout is shorter than 1 ms
	 */
	public JobHandlerEndpoint {
		Assert.hasText(id, "id must not be blank");
		Assert.isTrue(queue != null && !queue.isBlank(), () -> "@JobHandler " + describe(method) + " needs a queue");
		Assert.isTrue(concurrency == null || concurrency > 0,
				() -> "@JobHandler " + describe(method) + " concurrency must be positive, was " + concurrency);
		Assert.isTrue(kind == null || !kind.isBlank(), "kind must be null or not blank");
		Assert.notNull(retry, "retry must not be null");
		Assert.isTrue(timeout == null || timeout.toMillis() >= 1,
				() -> "@JobHandler " + describe(method) + " timeout must be at least 1 ms, was " + timeout);
	}

	/**
	 * Creates an endpoint with its queue's retry settings and execution timeout.
	 * @param id see the record description
	 * @param queue see the record description
	 * @param kind see the record description
	 * @param bean see the record description
	 * @param method see the record description
	 * @param concurrency see the record description
	 * @param autoStartup see the record description
	 */
	public JobHandlerEndpoint(String id, String queue, @Nullable String kind, Object bean, Method method,
			@Nullable Integer concurrency, @Nullable Boolean autoStartup) {
		this(id, queue, kind, bean, method, concurrency, autoStartup, RetryConfig.EMPTY, null);
	}

	/**
	 * Describes the handler for messages: the route and the method.
	 * @return the description
	 */
	public String describe() {
		return describe(this.method) + " (queue '" + this.queue + "'"
				+ ((this.kind != null) ? ", kind '" + this.kind + "'" : "") + ")";
	}

	static String describe(Method method) {
		return ClassUtils.getQualifiedMethodName(method);
	}

	/**
	 * Describes the handler for its container's start log: the method and the kind.
	 * @return the description
	 */
	String handlerLabel() {
		return "@JobHandler " + describe(this.method) + ((this.kind != null) ? " (kind '" + this.kind + "')" : "");
	}

}
