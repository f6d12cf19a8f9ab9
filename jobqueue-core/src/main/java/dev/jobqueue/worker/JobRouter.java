package dev.jobqueue.worker;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Type;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import dev.jobqueue.ClaimedJob;
import dev.jobqueue.JobPayloadConverter;
import dev.jobqueue.JobPayloadException;
import dev.jobqueue.annotation.JobHandler;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

import org.springframework.aop.support.AopUtils;
import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.core.retry.RetryPolicy;
import org.springframework.util.ReflectionUtils;

/**
 * The handlers of one queue: picks the handler of a job by the payload's kind field when
 * handlers declare kinds, otherwise (or for a kind nobody declared) the queue's handler
 * without a kind, and calls it with the payload converted from the tree parsed at claim.
 */
final class JobRouter {

	private final String queue;

	private final String kindField;

	private final List<Handler> handlers = new ArrayList<>();

	private final Map<String, Handler> byKind = new HashMap<>();

	private @Nullable Handler fallback;

	JobRouter(String queue, String kindField, List<JobHandlerEndpoint> endpoints) {
		this(queue, kindField, endpoints, (endpoint) -> JobRetrySettings.immediate().toRetryPolicy(),
				JobHandlerEndpoint::timeout);
	}

	JobRouter(String queue, String kindField, List<JobHandlerEndpoint> endpoints,
			Function<JobHandlerEndpoint, RetryPolicy> retry, Function<JobHandlerEndpoint, @Nullable Duration> timeout) {
		this.queue = queue;
		this.kindField = kindField;
		for (JobHandlerEndpoint endpoint : endpoints) {
			Handler handler = new Handler(endpoint, retry.apply(endpoint), timeout.apply(endpoint));
			Handler previous;
			if (endpoint.kind() != null) {
				previous = this.byKind.putIfAbsent(endpoint.kind(), handler);
			}
			else {
				previous = this.fallback;
				if (previous == null) {
					this.fallback = handler;
				}
			}
			if (previous != null) {
				throw new IllegalStateException("Two @JobHandler methods claim the same route: "
						+ previous.endpoint.describe() + " and " + endpoint.describe());
			}
			this.handlers.add(handler);
		}
	}

	/**
	 * Returns the handlers, for the startup log.
	 * @return the endpoints in registration order
	 */
	List<JobHandlerEndpoint> endpoints() {
		return this.handlers.stream().map((handler) -> handler.endpoint).toList();
	}

	/**
	 * Finds the handler of a claimed job on the payload tree parsed at claim, parsing the
	 * payload only when the claim did not.
	 * @param job the job
	 * @param converter the converter that parses the payload and later converts it
	 * @return the job's handler with its payload
	 * @throws JobRoutingException if the payload is not JSON or no handler accepts it
	 */
	Route route(ClaimedJob job, JobPayloadConverter converter) {
		JsonNode payload;
		try {
			JsonNode parsed = job.payloadTree();
			payload = (parsed != null) ? parsed : converter.readTree(job.payload());
		}
		catch (JobPayloadException ex) {
			throw new JobRoutingException(String.valueOf(ex.getMessage()), ex);
		}
		return new Route(route(payload), job, payload, converter);
	}

	/**
	 * Finds the handler of a job.
	 * @param payload the parsed payload
	 * @throws JobRoutingException if no handler accepts it
	 */
	Handler route(JsonNode payload) {
		if (this.byKind.isEmpty()) {
			if (this.fallback != null) {
				return this.fallback;
			}
			throw new JobRoutingException("no @JobHandler on queue '" + this.queue + "'");
		}
		JsonNode kindNode = payload.get(this.kindField);
		String kind = (kindNode != null && kindNode.isString()) ? kindNode.asString() : null;
		Handler handler = (kind != null) ? this.byKind.get(kind) : null;
		if (handler != null) {
			return handler;
		}
		if (this.fallback != null) {
			return this.fallback;
		}
		if (kind == null) {
			throw new JobRoutingException("no @JobHandler for a payload without a text '" + this.kindField
					+ "' field on queue '" + this.queue + "'");
		}
		throw new JobRoutingException("no @JobHandler for kind '" + kind + "' on queue '" + this.queue + "'");
	}

	/**
	 * Thrown when no handler of the queue accepts a job.
	 */
	static final class JobRoutingException extends RuntimeException {

		private static final long serialVersionUID = 1L;

		JobRoutingException(String message) {
			super(message);
		}

		JobRoutingException(String message, Throwable cause) {
			super(message, cause);
		}

	}

	/**
	 * A job routed to its handler, with the payload tree the handler's parameter is
	 * converted from.
	 *
	 * @param handler the handler that runs the job
	 * @param job the job
	 * @param payload the parsed payload
	 * @param converter the converter of the payload
	 */
	record Route(Handler handler, ClaimedJob job, JsonNode payload, JobPayloadConverter converter) {

		/**
		 * Builds the arguments of the handler's call.
		 * @param context what the handler may know about the job
		 * @return the arguments
		 * @throws JobRoutingException if the payload does not fit the handler's parameter
		 * type, with the {@link JobPayloadException} as its cause
		 */
		@Nullable Object[] arguments(JobContext context) {
			try {
				return this.handler.arguments(this.job, this.payload, this.converter, context);
			}
			catch (JobPayloadException ex) {
				throw new JobRoutingException(
						"payload does not fit " + this.handler.describePayloadType() + " of @JobHandler "
								+ JobHandlerEndpoint.describe(this.handler.endpoint.method()) + ": " + ex.getMessage(),
						ex);
			}
		}

	}

	/**
	 * One handler method: converts the payload into the declared parameter type (the
	 * target type comes from the signature only) and passes a {@link JobContext} where
	 * one is declared.
	 */
	static final class Handler {

		final JobHandlerEndpoint endpoint;

		/** Which failures of this handler are retried, and after what wait. */
		final RetryPolicy retryPolicy;

		/**
		 * How long one attempt may run (a job's own timeout wins), or null for no limit.
		 */
		final @Nullable Duration timeout;

		private final Method method;

		private final int payloadIndex;

		private final @Nullable Type payloadType;

		private final int contextIndex;

		final boolean interruptOnCancel;

		Handler(JobHandlerEndpoint endpoint, RetryPolicy retryPolicy, @Nullable Duration timeout) {
			this.endpoint = endpoint;
			this.retryPolicy = retryPolicy;
			this.timeout = timeout;
			JobHandler annotation = AnnotatedElementUtils.findMergedAnnotation(endpoint.method(), JobHandler.class);
			this.interruptOnCancel = annotation != null && annotation.interruptOnCancel();
			this.method = AopUtils.selectInvocableMethod(endpoint.method(), endpoint.bean().getClass());
			ReflectionUtils.makeAccessible(this.method);
			Type[] types = endpoint.method().getGenericParameterTypes();
			Class<?>[] classes = endpoint.method().getParameterTypes();
			int payload = -1;
			int context = -1;
			for (int i = 0; i < classes.length; i++) {
				if (classes[i] == JobContext.class) {
					if (context >= 0) {
						throw invalid("declares more than one JobContext parameter");
					}
					context = i;
				}
				else {
					if (payload >= 0) {
						throw invalid("declares more than one payload parameter (the others may only be JobContext)");
					}
					payload = i;
				}
			}
			this.payloadIndex = payload;
			this.payloadType = (payload >= 0) ? types[payload] : null;
			this.contextIndex = context;
		}

		private IllegalStateException invalid(String problem) {
			return new IllegalStateException(
					"@JobHandler " + JobHandlerEndpoint.describe(this.endpoint.method()) + " " + problem);
		}

		/**
		 * Builds the arguments of one call: a {@code String} parameter gets the JSON text
		 * as stored, any other type the tree converted.
		 * @throws JobPayloadException if the payload does not fit the declared type
		 */
		@Nullable Object[] arguments(ClaimedJob job, JsonNode payload, JobPayloadConverter converter, JobContext context) {
			@Nullable Object[] arguments = new Object[this.method.getParameterCount()];
			if (this.payloadType != null) {
				arguments[this.payloadIndex] = (this.payloadType == String.class) ? job.payload()
						: converter.read(payload, this.payloadType);
			}
			if (this.contextIndex >= 0) {
				arguments[this.contextIndex] = context;
			}
			return arguments;
		}

		/**
		 * Calls the method.
		 * @return what it returned
		 * @throws Throwable what the method threw, unwrapped
		 */
		@Nullable Object invoke(@Nullable Object[] arguments) throws Throwable {
			try {
				return this.method.invoke(this.endpoint.bean(), arguments);
			}
			catch (InvocationTargetException ex) {
				throw ex.getTargetException();
			}
		}

		String describePayloadType() {
			return (this.payloadType != null) ? this.payloadType.getTypeName() : "(none)";
		}

	}

}
