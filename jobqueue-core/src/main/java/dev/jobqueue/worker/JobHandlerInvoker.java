package dev.jobqueue.worker;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Type;

import dev.jobqueue.ClaimedJob;
import dev.jobqueue.JobPayloadConverter;
import dev.jobqueue.JobPayloadException;
import org.jspecify.annotations.Nullable;

import org.springframework.aop.support.AopUtils;
import org.springframework.util.ReflectionUtils;

/**
 * Calls one handler method: converts the payload into the declared parameter type and
 * passes a {@link JobContext} where one is declared. The target type comes from the
 * signature only.
 */
final class JobHandlerInvoker {

	private final JobHandlerEndpoint endpoint;

	private final Method method;

	private final int payloadIndex;

	private final @Nullable Type payloadType;

	private final int contextIndex;

	JobHandlerInvoker(JobHandlerEndpoint endpoint) {
		this.endpoint = endpoint;
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

	JobHandlerEndpoint endpoint() {
		return this.endpoint;
	}

	/**
	 * Builds the arguments of one call.
	 * @throws JobPayloadException if the payload does not fit the declared type
	 */
	@Nullable Object[] arguments(ClaimedJob job, JobPayloadConverter converter, int maxAttempts) {
		@Nullable Object[] arguments = new Object[this.method.getParameterCount()];
		if (this.payloadType != null) {
			arguments[this.payloadIndex] = converter.read(job.payload(), this.payloadType);
		}
		if (this.contextIndex >= 0) {
			arguments[this.contextIndex] = JobContext.of(job, maxAttempts);
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
