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
import dev.jobqueue.JobPayloadConverter;
import dev.jobqueue.JobWorkerProtocol;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

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

	private final JobDeadlines deadlines;

	private final JobRetryDecisions decisions;

	private final JobOutcomeRecorder outcomes;

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
		this.outcomes = new JobOutcomeRecorder(queue, operations);
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
					listener.jobFinished(job, outcome, took, entry.failure);
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
		JobRouter.Route route;
		try {
			route = this.router.route(job, this.converter);
		}
		catch (JobRouter.JobRoutingException ex) {
			return this.outcomes.failForGood(entry, context, String.valueOf(ex.getMessage()));
		}
		JobRouter.Handler handler = route.handler();
		entry.interruptOnCancel = handler.interruptOnCancel;
		if (entry.cancelled) {
			return this.outcomes.cancelled(entry);
		}
		@Nullable Object[] arguments;
		try {
			arguments = route.arguments(context);
		}
		catch (JobRouter.JobRoutingException ex) {
			return this.outcomes.failForGood(entry, context, String.valueOf(ex.getMessage()));
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
		boolean timedOut = returned(entry, deadline);
		if (entry.released) {
			return JobOutcome.RELEASED;
		}
		if (entry.cancelled) {
			return this.outcomes.cancelled(entry);
		}
		if (timedOut && timeout != null) {
			return timedOut(entry, context, handler, timeout);
		}
		if (failure != null) {
			JobFailureDecision decision = this.decisions.decide(handler, context, failure);
			return this.outcomes.fail(entry, context, describe(failure), failure, decision.retryable(),
					decision.delay());
		}
		return this.outcomes.complete(entry, context, result, claimNext);
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
		entry.failure = exception;
		JobFailureDecision decision = this.decisions.decide(handler, context, exception);
		return this.outcomes.fail(entry, context, "timed out after " + describe(timeout), null, decision.retryable(),
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
