package dev.jobqueue.worker;

import java.time.Duration;
import java.util.List;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import java.util.function.IntConsumer;
import java.util.function.Supplier;
import java.util.stream.Collectors;

import dev.jobqueue.ClaimedJob;
import dev.jobqueue.CompleteAndClaimResult;
import dev.jobqueue.FailOutcome;
import dev.jobqueue.JobPayloadConverter;
import dev.jobqueue.JobPayloadException;
import dev.jobqueue.JobWorkerProtocol;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/**
 * Runs claimed jobs on the calling worker thread: routes each to its handler on the
 * payload tree parsed at claim, converts the tree to the handler's parameter type, calls
 * the handler and records the outcome with complete or fail. Unreadable payloads and
 * unroutable jobs fail for good; what a handler throws goes to the
 * {@link JobErrorHandler}, which decides whether it is retried. A completion may claim
 * the worker's next job in the same round trip, which then runs on the same thread.
 * <p>
 * An attempt with an execution timeout (the job's own, else its handler's, else its
 * queue's) has a deadline: when it passes, the handler's thread is interrupted and the
 * attempt fails with {@code timed out after <timeout>}, retried as any failure; its lease
 * is no longer extended. A handler that ignores the interrupt keeps its thread, which
 * cannot be stopped safely, but not its job: the job is reclaimed once its lease runs
 * out, and after one visibility timeout the worker's slot is given to a new thread (the
 * stuck thread is logged and counted until it returns; its late outcome is rejected).
 */
final class JobExecutor {

	private static final Log logger = LogFactory.getLog(JobExecutor.class);

	private final String queue;

	private final JobWorkerProtocol operations;

	private final JobPayloadConverter converter;

	private final JobRouter router;

	private final List<JobExecutionListener> listeners;

	private final Map<String, InFlightJob> inFlight;

	private final JobFailureLogger failures = new JobFailureLogger();

	private final JobDeadlines deadlines;

	private final JobRetryDecisions decisions;

	JobExecutor(String queue, JobWorkerProtocol operations, JobPayloadConverter converter, JobRouter router,
			JobErrorHandler errorHandler, List<JobExecutionListener> listeners, Map<String, InFlightJob> inFlight) {
		this(queue, operations, converter, router, errorHandler, listeners, inFlight,
				() -> new JobWorkerThreads(queue, false).deadlineScheduler(), (delta) -> {
				});
	}

	JobExecutor(String queue, JobWorkerProtocol operations, JobPayloadConverter converter, JobRouter router,
			JobErrorHandler errorHandler, List<JobExecutionListener> listeners, Map<String, InFlightJob> inFlight,
			Supplier<ScheduledThreadPoolExecutor> deadlineScheduler, IntConsumer workerPool) {
		this.deadlines = new JobDeadlines(queue, operations, deadlineScheduler, workerPool);
		this.decisions = new JobRetryDecisions(queue, errorHandler);
		this.queue = queue;
		this.operations = operations;
		this.converter = converter;
		this.router = router;
		this.listeners = List.copyOf(listeners);
		this.inFlight = inFlight;
	}

	/**
	 * Runs a job and then, as long as each completion claims a next job in the same round
	 * trip, that job: under a backlog a worker keeps its slot and costs one round trip
	 * per job, with no hand-over through the claim loop.
	 * @param first the job, already in the in-flight map
	 * @param claimNext asked when a job is completed: whether the completion also claims
	 * the worker's next job
	 */
	void run(InFlightJob first, BooleanSupplier claimNext) {
		InFlightJob.Slot slot = first.slot;
		InFlightJob entry = first;
		while (entry != null) {
			ClaimedJob next = runOne(entry, claimNext);
			entry = null;
			if (next != null) {
				entry = new InFlightJob(next, slot);
				this.inFlight.put(next.id(), entry);
			}
		}
	}

	private @Nullable ClaimedJob runOne(InFlightJob entry, BooleanSupplier claimNext) {
		ClaimedJob job = entry.job;
		entry.thread = Thread.currentThread();
		long start = System.nanoTime();
		JobOutcome outcome = JobOutcome.ERROR;
		try {
			for (JobExecutionListener listener : this.listeners) {
				listener.jobStarted(job);
			}
			outcome = execute(entry, claimNext);
		}
		catch (RuntimeException | Error ex) {
			logger.error("Worker of queue '" + this.queue + "' failed on job " + job.id(), ex);
		}
		finally {
			boolean stuck;
			synchronized (entry) {
				// a cancel interrupts under the same lock: none reaches the next job
				entry.thread = null;
				stuck = entry.stuck;
			}
			if (stuck) {
				this.deadlines.stuckHandlerReturned(job, System.nanoTime() - start);
			}
			this.inFlight.remove(job.id());
			Thread.interrupted();
			Duration took = Duration.ofNanos(System.nanoTime() - start);
			for (JobExecutionListener listener : this.listeners) {
				try {
					listener.jobFinished(job, outcome, took);
				}
				catch (RuntimeException ex) {
					logger.warn("JobExecutionListener " + listener + " failed", ex);
				}
			}
		}
		return entry.next;
	}

	private JobOutcome execute(InFlightJob entry, BooleanSupplier claimNext) {
		ClaimedJob job = entry.job;
		JobControl control = new JobControl(entry, this.operations, this.converter);
		entry.control = control;
		JobContext context = JobContext.of(job, this.operations.settings(this.queue).maxAttempts(), control);
		JsonNode payload;
		JobRouter.Handler handler;
		@Nullable Object[] arguments;
		try {
			JsonNode parsed = job.payloadTree();
			payload = (parsed != null) ? parsed : this.converter.readTree(job.payload());
			handler = this.router.route(payload);
		}
		catch (JobPayloadException | JobRouter.JobRoutingException ex) {
			return fail(entry, context, String.valueOf(ex.getMessage()), null, false, null);
		}
		entry.interruptOnCancel = handler.interruptOnCancel;
		if (entry.cancelled) {
			return cancelled(entry);
		}
		try {
			arguments = handler.arguments(job, payload, this.converter, context);
		}
		catch (JobPayloadException ex) {
			return fail(entry, context,
					"payload does not fit " + handler.describePayloadType() + " of @JobHandler "
							+ JobHandlerEndpoint.describe(handler.endpoint.method()) + ": " + ex.getMessage(),
					null, false, null);
		}
		Duration timeout = (job.timeout() != null) ? job.timeout() : handler.timeout;
		ScheduledFuture<?> deadline = (timeout != null) ? this.deadlines.schedule(entry, timeout) : null;
		Object result;
		try {
			result = handler.invoke(arguments);
		}
		catch (Throwable ex) {
			boolean timedOut = returned(entry, deadline);
			if (entry.released) {
				return JobOutcome.RELEASED;
			}
			if (entry.cancelled) {
				return cancelled(entry);
			}
			if (timedOut && timeout != null) {
				return timedOut(entry, context, handler, timeout);
			}
			JobFailureDecision decision = this.decisions.decide(handler, context, ex);
			return fail(entry, context, describe(ex), ex, decision.retryable(), decision.delay());
		}
		boolean timedOut = returned(entry, deadline);
		if (entry.released) {
			return JobOutcome.RELEASED;
		}
		if (entry.cancelled) {
			return cancelled(entry);
		}
		if (timedOut && timeout != null) {
			return timedOut(entry, context, handler, timeout);
		}
		return complete(entry, context, result, claimNext);
	}

	/**
	 * Records that the handler returned, cancels its deadline and clears an interrupt
	 * meant for it.
	 * @return whether the deadline had passed
	 */
	private static boolean returned(InFlightJob entry, @Nullable ScheduledFuture<?> deadline) {
		boolean timedOut = entry.handlerReturned();
		if (deadline != null) {
			deadline.cancel(false);
		}
		Thread.interrupted();
		return timedOut;
	}

	/**
	 * Fails an attempt whose deadline passed, whatever the handler returned or threw
	 * after it, as {@code timed out after <timeout>}, retried as any failure.
	 */
	private JobOutcome timedOut(InFlightJob entry, JobContext context, JobRouter.Handler handler, Duration timeout) {
		JobTimeoutException exception = new JobTimeoutException(timeout);
		JobFailureDecision decision = this.decisions.decide(handler, context, exception);
		return fail(entry, context, "timed out after " + describe(timeout), null, decision.retryable(),
				decision.delay());
	}

	/**
	 * Returns how many handler threads ignored their deadline and still run, their slots
	 * given to new threads.
	 * @return the number of stuck handler threads
	 */
	int getStuckHandlerCount() {
		return this.deadlines.stuckHandlerCount();
	}

	private JobOutcome complete(InFlightJob entry, JobContext context, @Nullable Object result,
			BooleanSupplier claimNext) {
		ClaimedJob job = entry.job;
		entry.finishing = true;
		try {
			boolean completed;
			if (claimNext.getAsBoolean()) {
				CompleteAndClaimResult done = this.operations.completeAndClaim(job, result, 1);
				completed = done.completed();
				entry.next = done.claimed().isEmpty() ? null : done.claimed().get(0);
			}
			else {
				completed = this.operations.complete(job, result);
			}
			if (completed) {
				return JobOutcome.COMPLETED;
			}
			return rejected(entry, "completion");
		}
		catch (JobPayloadException ex) {
			return fail(entry, context, "result cannot be written as JSON: " + ex.getMessage(), null, false, null);
		}
		catch (RuntimeException ex) {
			logger.error("Could not complete job " + job.id() + " of queue '" + this.queue
					+ "'; it stays in processing until a sweep reclaims it", ex);
			return JobOutcome.ERROR;
		}
	}

	private JobOutcome fail(InFlightJob entry, JobContext context, String error, @Nullable Throwable exception,
			boolean retryable, @Nullable Duration delay) {
		ClaimedJob job = entry.job;
		entry.finishing = true;
		String attempt = "Job " + job.id() + " of queue '" + this.queue + "' failed on attempt " + context.attempt()
				+ " of " + context.maxAttempts();
		try {
			Duration wait = (delay != null) ? delay : Duration.ZERO;
			FailOutcome outcome = this.operations.fail(job, error, retryable, wait);
			return switch (outcome) {
				case RETRIED -> {
					String when = wait.isZero() ? "retrying: " : "retrying in " + describe(wait) + ": ";
					this.failures.retried(attempt + ", " + when + error, exception);
					yield JobOutcome.RETRIED;
				}
				case FAILED -> {
					String why = (!retryable && exception != null) ? " (not retryable)" : "";
					this.failures.failed(attempt + " for good" + why + ": " + error, exception);
					yield JobOutcome.FAILED;
				}
				case REJECTED -> rejected(entry, "failure");
			};
		}
		catch (RuntimeException ex) {
			logger.error("Could not fail job " + job.id() + " of queue '" + this.queue
					+ "'; it stays in processing until a sweep reclaims it", ex);
			return JobOutcome.ERROR;
		}
	}

	private JobOutcome cancelled(InFlightJob entry) {
		logger.info("Job " + entry.job.id() + " of queue '" + this.queue
				+ "' was cancelled while it ran; its outcome is not recorded");
		return JobOutcome.CANCELLED;
	}

	/**
	 * Tells a running job that it was cancelled, interrupting its thread when its handler
	 * allows it.
	 * @param entry the job
	 */
	static void cancel(InFlightJob entry) {
		entry.cancelled = true;
		if (entry.interruptOnCancel && !entry.finishing) {
			synchronized (entry) {
				Thread thread = entry.thread;
				if (thread != null) {
					thread.interrupt();
				}
			}
		}
	}

	private JobOutcome rejected(InFlightJob entry, String what) {
		if (entry.released) {
			return JobOutcome.RELEASED;
		}
		if (entry.cancelled) {
			return cancelled(entry);
		}
		logger.warn("Late " + what + " of job " + entry.job.id() + " of queue '" + this.queue
				+ "' rejected: this worker no longer holds its claim" + (entry.lost ? " (its lease was lost)"
						: " (it was reclaimed, cancelled, deleted or finished elsewhere)"));
		return JobOutcome.REJECTED;
	}

	/**
	 * Describes a duration for messages: whole seconds as {@code 30s}, else milliseconds
	 * as {@code 1500ms}.
	 */
	static String describe(Duration duration) {
		long millis = duration.toMillis();
		return (millis % 1000 == 0) ? (millis / 1000) + "s" : millis + "ms";
	}

	private static String describe(Throwable ex) {
		String message = ex.getMessage();
		return (message != null) ? ex.getClass().getName() + ": " + message : ex.getClass().getName();
	}

}
