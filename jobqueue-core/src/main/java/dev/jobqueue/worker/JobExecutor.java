package dev.jobqueue.worker;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;

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
 */
final class JobExecutor {

	private static final Log logger = LogFactory.getLog(JobExecutor.class);

	private final String queue;

	private final JobWorkerProtocol operations;

	private final JobPayloadConverter converter;

	private final JobRouter router;

	private final JobErrorHandler errorHandler;

	private final List<JobExecutionListener> listeners;

	private final Map<String, InFlightJob> inFlight;

	private final JobFailureLogger failures = new JobFailureLogger();

	JobExecutor(String queue, JobWorkerProtocol operations, JobPayloadConverter converter, JobRouter router,
			JobErrorHandler errorHandler, List<JobExecutionListener> listeners, Map<String, InFlightJob> inFlight) {
		this.queue = queue;
		this.operations = operations;
		this.converter = converter;
		this.router = router;
		this.errorHandler = errorHandler;
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
		InFlightJob entry = first;
		while (entry != null) {
			ClaimedJob next = runOne(entry, claimNext);
			entry = null;
			if (next != null) {
				entry = new InFlightJob(next);
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
			synchronized (entry) {
				// a cancel interrupts under the same lock: none reaches the next job
				entry.thread = null;
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
			return fail(entry, context, String.valueOf(ex.getMessage()), null, false);
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
					null, false);
		}
		Object result;
		try {
			result = handler.invoke(arguments);
		}
		catch (Throwable ex) {
			Thread.interrupted();
			if (entry.released) {
				return JobOutcome.RELEASED;
			}
			if (entry.cancelled) {
				return cancelled(entry);
			}
			return fail(entry, context, describe(ex), ex, isRetryable(context, ex));
		}
		Thread.interrupted();
		if (entry.released) {
			return JobOutcome.RELEASED;
		}
		if (entry.cancelled) {
			return cancelled(entry);
		}
		return complete(entry, context, result, claimNext);
	}

	private boolean isRetryable(JobContext context, Throwable exception) {
		try {
			JobFailureDecision decision = this.errorHandler.handle(context, exception);
			return decision == null || decision.retryable();
		}
		catch (RuntimeException ex) {
			logger.warn("JobErrorHandler " + this.errorHandler + " failed on job " + context.id() + " of queue '"
					+ this.queue + "'; retrying the job", ex);
			return true;
		}
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
			return fail(entry, context, "result cannot be written as JSON: " + ex.getMessage(), null, false);
		}
		catch (RuntimeException ex) {
			logger.error("Could not complete job " + job.id() + " of queue '" + this.queue
					+ "'; it stays in processing until a sweep reclaims it", ex);
			return JobOutcome.ERROR;
		}
	}

	private JobOutcome fail(InFlightJob entry, JobContext context, String error, @Nullable Throwable exception,
			boolean retryable) {
		ClaimedJob job = entry.job;
		entry.finishing = true;
		String attempt = "Job " + job.id() + " of queue '" + this.queue + "' failed on attempt " + context.attempt()
				+ " of " + context.maxAttempts();
		try {
			FailOutcome outcome = this.operations.fail(job, error, retryable);
			return switch (outcome) {
				case RETRIED -> {
					this.failures.retried(attempt + ", retrying: " + error, exception);
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

	private static String describe(Throwable ex) {
		String message = ex.getMessage();
		return (message != null) ? ex.getClass().getName() + ": " + message : ex.getClass().getName();
	}

}
