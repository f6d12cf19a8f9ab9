package dev.jobqueue.worker;

import java.util.List;

import dev.jobqueue.ClaimedJob;
import dev.jobqueue.JobPayloadConverter;
import org.jspecify.annotations.Nullable;

import org.springframework.util.Assert;

/**
 * Calls the {@code @JobHandler} methods of one queue the way a worker container does (the
 * same routing by kind, the same payload conversion, the same {@link JobContext}), but on
 * the calling thread and without Redis: what test support uses to run handlers inline. A
 * worker container does not use this class; it is a view on the same router.
 */
public final class JobHandlerInvoker {

	private final JobRouter router;

	private final JobPayloadConverter converter;

	/**
	 * Creates an invoker for the handlers of one queue.
	 * @param queue the queue name
	 * @param kindField the payload field that routes by kind, usually
	 * {@link JobWorkerContainerFactory#DEFAULT_KIND_FIELD}
	 * @param endpoints the handlers of the queue
	 * @param converter the converter that reads payloads into parameter types
	 * @throws IllegalStateException if two handlers claim the same route or a handler
	 * signature is invalid
	 */
	public JobHandlerInvoker(String queue, String kindField, List<JobHandlerEndpoint> endpoints,
			JobPayloadConverter converter) {
		Assert.hasText(kindField, "kindField must not be blank");
		Assert.notNull(converter, "converter must not be null");
		this.router = new JobRouter(queue, kindField, endpoints);
		this.converter = converter;
	}

	/**
	 * Runs the handler of a job.
	 * @param job the job, as a claim would return it
	 * @param context what the handler may know about the job
	 * @return what the handler returned
	 * @throws UnroutableJobException if the payload is not JSON, no handler accepts the
	 * job, or the payload does not fit the handler's parameter type: a worker fails such
	 * a job for good
	 * @throws Throwable what the handler threw
	 */
	public @Nullable Object invoke(ClaimedJob job, JobContext context) throws Throwable {
		JobRouter.Route route;
		@Nullable Object[] arguments;
		try {
			route = this.router.route(job, this.converter);
			arguments = route.arguments(context);
		}
		catch (JobRouter.JobRoutingException ex) {
			// the cause a caller saw before routing and conversion shared one exception
			Throwable cause = (ex.getCause() != null) ? ex.getCause() : ex;
			throw new UnroutableJobException(String.valueOf(ex.getMessage()), cause);
		}
		return route.handler().invoke(arguments);
	}

	/**
	 * Thrown when a job cannot reach a handler: its message is the error a worker records
	 * when it fails such a job for good.
	 */
	public static final class UnroutableJobException extends RuntimeException {

		private static final long serialVersionUID = 1L;

		UnroutableJobException(String message, Throwable cause) {
			super(message, cause);
		}

	}

}
