package dev.jobqueue.boot.test;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.ToIntFunction;

import dev.jobqueue.ClaimedJob;
import dev.jobqueue.JacksonJobPayloadConverter;
import dev.jobqueue.JobPayloadConverter;
import dev.jobqueue.JobPayloadException;
import dev.jobqueue.annotation.JobHandler;
import dev.jobqueue.config.QueueSettingsResolver;
import dev.jobqueue.worker.DefaultJobErrorHandler;
import dev.jobqueue.worker.JobContext;
import dev.jobqueue.worker.JobErrorHandler;
import dev.jobqueue.worker.JobFailureDecision;
import dev.jobqueue.worker.JobHandlerEndpoint;
import dev.jobqueue.worker.JobHandlerInvoker;
import dev.jobqueue.worker.JobOutcome;
import dev.jobqueue.worker.JobWorkerContainerFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.context.ApplicationContext;
import org.springframework.util.Assert;

/**
 * Runs {@code @JobHandler} methods synchronously on the calling thread, without Redis or
 * worker threads, for fast unit tests of handler logic. A job goes through what a worker
 * does with it: the payload is written to JSON and read back into the handler's parameter
 * type with the same converter, routed by kind with the same router, the handler gets a
 * {@link JobContext}, its result is written as JSON, and what it throws goes to the
 * {@link JobErrorHandler}. Each run is one attempt; nothing is retried.
 *
 * <pre class="code">
 * InlineJobRunner runner = InlineJobRunner.of(new WelcomeEmailJobs());
 * InlineJobResult result = runner.run("emails", new WelcomeEmail("ada@example.com"));
 * </pre>
 */
public final class InlineJobRunner {

	private final Map<String, List<JobHandlerEndpoint>> endpoints;

	private final JobPayloadConverter converter;

	private final JobErrorHandler errorHandler;

	private final String kindField;

	private final ToIntFunction<String> maxAttempts;

	private final int attempt;

	private final Clock clock;

	private final Map<String, JobHandlerInvoker> invokers = new ConcurrentHashMap<>();

	private InlineJobRunner(Map<String, List<JobHandlerEndpoint>> endpoints, JobPayloadConverter converter,
			JobErrorHandler errorHandler, String kindField, ToIntFunction<String> maxAttempts, int attempt,
			Clock clock) {
		this.endpoints = endpoints;
		this.converter = converter;
		this.errorHandler = errorHandler;
		this.kindField = kindField;
		this.maxAttempts = maxAttempts;
		this.attempt = attempt;
		this.clock = clock;
	}

	/**
	 * Creates a runner for the {@code @JobHandler} methods of the given objects, with a
	 * default Jackson converter, the default error handler and 3 attempts per job.
	 * Placeholders in the annotations resolve against system properties and environment
	 * variables, else to their defaults ({@code ${app.queue:jobs}} is {@code jobs}).
	 * @param handlers objects with {@code @JobHandler} methods
	 * @return the runner
	 * @throws IllegalArgumentException if none of them has a handler
	 */
	public static InlineJobRunner of(Object... handlers) {
		Map<String, List<JobHandlerEndpoint>> endpoints = InlineJobHandlers.of(handlers);
		Assert.isTrue(!endpoints.isEmpty(), "None of the given objects has a @JobHandler method");
		return new InlineJobRunner(endpoints, new JacksonJobPayloadConverter(), new DefaultJobErrorHandler(),
				JobWorkerContainerFactory.DEFAULT_KIND_FIELD, (queue) -> 3, 1, Clock.systemUTC());
	}

	/**
	 * Creates a runner for every {@code @JobHandler} method of the beans of an
	 * application context, configured as the context's workers are: its
	 * {@link JobPayloadConverter}, {@link JobErrorHandler}, per-queue
	 * {@code max-attempts} and {@code jobqueue.worker.kind-field}. Placeholders and
	 * expressions in the annotations are resolved by the context.
	 * @param context the application context
	 * @return the runner
	 */
	public static InlineJobRunner from(ApplicationContext context) {
		Assert.notNull(context, "context must not be null");
		Map<String, List<JobHandlerEndpoint>> endpoints = InlineJobHandlers.of(context);
		JobPayloadConverter converter = context.getBeanProvider(JobPayloadConverter.class)
			.getIfUnique(JacksonJobPayloadConverter::new);
		JobErrorHandler errorHandler = context.getBeanProvider(JobErrorHandler.class)
			.getIfUnique(DefaultJobErrorHandler::new);
		QueueSettingsResolver settings = context.getBeanProvider(QueueSettingsResolver.class)
			.getIfUnique(QueueSettingsResolver::defaults);
		String kindField = context.getEnvironment()
			.getProperty("jobqueue.worker.kind-field", JobWorkerContainerFactory.DEFAULT_KIND_FIELD);
		return new InlineJobRunner(endpoints, converter, errorHandler, kindField,
				(queue) -> settings.getQueueSettings(queue).maxAttempts(), 1, Clock.systemUTC());
	}

	/**
	 * Returns a runner that reads and writes JSON with the given converter.
	 * @param converter the converter
	 * @return a new runner
	 */
	public InlineJobRunner withConverter(JobPayloadConverter converter) {
		Assert.notNull(converter, "converter must not be null");
		return new InlineJobRunner(this.endpoints, converter, this.errorHandler, this.kindField, this.maxAttempts,
				this.attempt, this.clock);
	}

	/**
	 * Returns a runner that asks the given error handler whether a failed job is retried.
	 * @param errorHandler the error handler
	 * @return a new runner
	 */
	public InlineJobRunner withErrorHandler(JobErrorHandler errorHandler) {
		Assert.notNull(errorHandler, "errorHandler must not be null");
		return new InlineJobRunner(this.endpoints, this.converter, errorHandler, this.kindField, this.maxAttempts,
				this.attempt, this.clock);
	}

	/**
	 * Returns a runner that routes by the given payload field.
	 * @param kindField the field name
	 * @return a new runner
	 */
	public InlineJobRunner withKindField(String kindField) {
		Assert.hasText(kindField, "kindField must not be blank");
		return new InlineJobRunner(this.endpoints, this.converter, this.errorHandler, kindField, this.maxAttempts,
				this.attempt, this.clock);
	}

	/**
	 * Returns a runner whose jobs run as the given attempt out of the given maximum, for
	 * handlers that behave differently on their last attempt.
	 * @param attempt the attempt, 1 for the first
	 * @param maxAttempts the attempts every queue allows
	 * @return a new runner
	 */
	public InlineJobRunner withAttempt(int attempt, int maxAttempts) {
		Assert.isTrue(attempt > 0, "attempt must be positive");
		Assert.isTrue(maxAttempts > 0, "maxAttempts must be positive");
		return new InlineJobRunner(this.endpoints, this.converter, this.errorHandler, this.kindField,
				(queue) -> maxAttempts, attempt, this.clock);
	}

	/**
	 * Runs a job of a queue with the given payload.
	 * @param queue the queue name
	 * @param payload the payload, written to JSON as an enqueue would
	 * @return how the job ended
	 * @throws IllegalArgumentException if no handler serves the queue
	 * @throws JobPayloadException if the payload cannot be written as JSON (an enqueue
	 * would refuse it)
	 */
	public InlineJobResult run(String queue, @Nullable Object payload) {
		return runJson(queue, newId(), this.converter.write(payload));
	}

	/**
	 * Runs a job of a queue with the given payload JSON, as a producer in another
	 * language would have enqueued it.
	 * @param queue the queue name
	 * @param payloadJson the payload JSON
	 * @return how the job ended
	 * @throws IllegalArgumentException if no handler serves the queue
	 */
	public InlineJobResult runJson(String queue, String payloadJson) {
		return runJson(queue, newId(), payloadJson);
	}

	/**
	 * Runs a job that a {@link CapturedJobs} captured.
	 * @param job the job
	 * @return how the job ended
	 * @throws IllegalArgumentException if no handler serves its queue
	 */
	public InlineJobResult run(EnqueuedJob job) {
		return runJson(job.queue(), job.id(), job.payloadJson());
	}

	private InlineJobResult runJson(String queue, String id, String payloadJson) {
		JobHandlerInvoker invoker = invoker(queue);
		Instant now = this.clock.instant();
		ClaimedJob job = new ClaimedJob(queue, id, "inline-" + id, this.attempt, payloadJson, now, now);
		JobContext context = JobContext.of(job, this.maxAttempts.applyAsInt(queue));
		Object result;
		try {
			result = invoker.invoke(job, context);
		}
		catch (JobHandlerInvoker.UnroutableJobException ex) {
			return failed(job, JobOutcome.FAILED, String.valueOf(ex.getMessage()), ex);
		}
		catch (Throwable ex) {
			boolean retryable = isRetryable(context, ex);
			JobOutcome outcome = (retryable && !context.isLastAttempt()) ? JobOutcome.RETRIED : JobOutcome.FAILED;
			return failed(job, outcome, describe(ex), ex);
		}
		String resultJson;
		try {
			resultJson = this.converter.write(result);
		}
		catch (JobPayloadException ex) {
			return failed(job, JobOutcome.FAILED, "result cannot be written as JSON: " + ex.getMessage(), ex);
		}
		return new InlineJobResult(queue, id, JobOutcome.COMPLETED, result, resultJson, null, null, this.converter);
	}

	private InlineJobResult failed(ClaimedJob job, JobOutcome outcome, String error, Throwable exception) {
		return new InlineJobResult(job.queue(), job.id(), outcome, null, null, error, exception, this.converter);
	}

	private boolean isRetryable(JobContext context, Throwable exception) {
		try {
			JobFailureDecision decision = this.errorHandler.handle(context, exception);
			return decision == null || decision.retryable();
		}
		catch (RuntimeException ex) {
			return true; // as a worker does: a failing error handler means retry
		}
	}

	private JobHandlerInvoker invoker(String queue) {
		List<JobHandlerEndpoint> handlers = this.endpoints.get(queue);
		if (handlers == null) {
			throw new IllegalArgumentException(
					"No @JobHandler serves queue '" + queue + "'; queues with handlers: " + this.endpoints.keySet());
		}
		return this.invokers.computeIfAbsent(queue,
				(name) -> new JobHandlerInvoker(name, this.kindField, handlers, this.converter));
	}

	private static String describe(Throwable ex) {
		String message = ex.getMessage();
		return (message != null) ? ex.getClass().getName() + ": " + message : ex.getClass().getName();
	}

	private static String newId() {
		return String.format("%016x", ThreadLocalRandom.current().nextLong());
	}

}
