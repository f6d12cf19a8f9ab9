package dev.jobqueue.worker;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.function.BooleanSupplier;
import java.util.function.IntConsumer;
import java.util.function.Supplier;

import dev.jobqueue.ClaimedJob;
import dev.jobqueue.CompleteAndClaimResult;
import dev.jobqueue.JobPayloadConverter;
import dev.jobqueue.JobPayloadException;
import dev.jobqueue.JobWorkerProtocol;
import org.jspecify.annotations.Nullable;

/**
 * Runs claimed jobs on the calling worker thread: routes each to its handler on the
 * payload tree parsed at claim, converts the tree to the handler's parameter type, calls
 * the handler and records the outcome with complete or fail. Unreadable payloads and
 * unroutable jobs fail for good; what a handler throws goes to the
 * {@link JobErrorHandler} and {@link JobRetryDecisions}, which decide whether it is
 * retried. A completion may claim the worker's next job in the same round trip, which
 * then runs on the same thread. An attempt with an execution timeout (the job's own, else
 * its handler's, else its queue's) fails with {@code timed out after <timeout>} when its
 * deadline passes ({@link JobDeadlines}); what becomes of attempts is logged by
 * {@link JobOutcomeLog}.
 */
final class JobExecutor {

	private final String queue;

	private final JobWorkerProtocol operations;

	private final JobPayloadConverter converter;

	private final JobRouter router;

	private final List<JobExecutionListener> listeners;

	private final Map<String, InFlightJob> inFlight;

	private final JobDeadlines deadlines;

	private final JobRetryDecisions decisions;

	private final JobOutcomeLog log;

	JobExecutor(String queue, JobWorkerProtocol operations, JobPayloadConverter converter, JobRouter router,
			JobErrorHandler errorHandler, List<JobExecutionListener> listeners, Map<String, InFlightJob> inFlight,
			Supplier<ScheduledThreadPoolExecutor> deadlineScheduler, IntConsumer workerPool) {
		this.deadlines = new JobDeadlines(queue, operations, deadlineScheduler, workerPool);
		this.decisions = new JobRetryDecisions(queue, errorHandler);
		this.log = new JobOutcomeLog(queue);
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
			this.log.workerFailed(job, ex);
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
					listener.jobFinished(job, outcome, took, entry.failure);
				}
				catch (RuntimeException ex) {
					this.log.listenerFailed(listener, ex);
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
		JobRouter.Route route;
		try {
			route = this.router.route(job, this.converter);
		}
		catch (JobRouter.JobRoutingException ex) {
			return failForGood(entry, context, String.valueOf(ex.getMessage()));
		}
		JobRouter.Handler handler = route.handler();
		entry.interruptOnCancel = handler.interruptOnCancel;
		if (entry.cancelled) {
			return cancelled(entry);
		}
		@Nullable Object[] arguments;
		try {
			arguments = route.arguments(context);
		}
		catch (JobRouter.JobRoutingException ex) {
			return failForGood(entry, context, String.valueOf(ex.getMessage()));
		}
		Duration timeout = (job.timeout() != null) ? job.timeout() : handler.timeout;
		ScheduledFuture<?> deadline = (timeout != null) ? this.deadlines.schedule(entry, timeout) : null;
		Object result = null;
		Throwable failure = null;
		try {
			result = handler.invoke(arguments);
		}
		catch (Throwable ex) {
			failure = ex;
			entry.failure = ex;
		}
		boolean timedOut = this.deadlines.handlerReturned(entry, deadline);
		if (entry.released) {
			return JobOutcome.RELEASED;
		}
		if (entry.cancelled) {
			return cancelled(entry);
		}
		if (timedOut && timeout != null) {
			return timedOut(entry, context, handler, timeout);
		}
		if (failure != null) {
			JobFailureDecision decision = this.decisions.decide(handler, context, failure);
			return fail(entry, context, describe(failure), failure, decision.retryable(), decision.delay());
		}
		return complete(entry, context, result, claimNext);
	}

	/**
	 * Completes an attempt with what its handler returned.
	 * @param claimNext asked once: whether the completion also claims the worker's next
	 * job, which is then left in {@link InFlightJob#next}
	 */
	private JobOutcome complete(InFlightJob entry, JobContext context, @Nullable Object result,
			BooleanSupplier claimNext) {
		ClaimedJob job = entry.job;
		entry.finish();
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
			return completed ? JobOutcome.COMPLETED : rejected(entry, "completion");
		}
		catch (JobPayloadException ex) {
			return failForGood(entry, context, "result cannot be written as JSON: " + ex.getMessage());
		}
		catch (RuntimeException ex) {
			this.log.notRecorded(job, "complete", ex);
			return JobOutcome.ERROR;
		}
	}

	/**
	 * Fails an attempt for good, with no exception of a handler behind it (an unreadable
	 * payload, no handler for it, a result that cannot be written).
	 */
	private JobOutcome failForGood(InFlightJob entry, JobContext context, String error) {
		return fail(entry, context, error, null, false, null);
	}

	/**
	 * Fails an attempt: back to pending (after {@code delay}, if any) when retryable and
	 * attempts remain, else for good.
	 */
	private JobOutcome fail(InFlightJob entry, JobContext context, String error, @Nullable Throwable exception,
			boolean retryable, @Nullable Duration delay) {
		ClaimedJob job = entry.job;
		entry.finish();
		try {
			Duration wait = (delay != null) ? delay : Duration.ZERO;
			return switch (this.operations.fail(job, error, retryable, wait)) {
				case RETRIED -> {
					this.log.retried(job, context, wait, error, exception);
					yield JobOutcome.RETRIED;
				}
				case FAILED -> {
					this.log.failed(job, context, error, exception, retryable);
					yield JobOutcome.FAILED;
				}
				case REJECTED -> rejected(entry, "failure");
			};
		}
		catch (RuntimeException ex) {
			this.log.notRecorded(job, "fail", ex);
			return JobOutcome.ERROR;
		}
	}

	/**
	 * Leaves the outcome of a job cancelled while it ran unrecorded: the cancel already
	 * finished it.
	 */
	private JobOutcome cancelled(InFlightJob entry) {
		this.log.cancelled(entry.job);
		return JobOutcome.CANCELLED;
	}

	private JobOutcome rejected(InFlightJob entry, String what) {
		if (entry.released) {
			return JobOutcome.RELEASED;
		}
		if (entry.cancelled) {
			return cancelled(entry);
		}
		this.log.rejected(entry.job, what, entry.lost);
		return JobOutcome.REJECTED;
	}

	/**
	 * Fails an attempt whose deadline passed, whatever the handler returned or threw
	 * after it, as {@code timed out after <timeout>}, retried as any failure.
	 */
	private JobOutcome timedOut(InFlightJob entry, JobContext context, JobRouter.Handler handler, Duration timeout) {
		JobTimeoutException exception = new JobTimeoutException(timeout);
		entry.failure = exception;
		JobFailureDecision decision = this.decisions.decide(handler, context, exception);
		return fail(entry, context, "timed out after " + JobOutcomeLog.describe(timeout), null, decision.retryable(),
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

	private static String describe(Throwable ex) {
		String message = ex.getMessage();
		return (message != null) ? ex.getClass().getName() + ": " + message : ex.getClass().getName();
	}

}
