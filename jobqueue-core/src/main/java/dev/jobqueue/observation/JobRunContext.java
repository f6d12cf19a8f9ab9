package dev.jobqueue.observation;

import dev.jobqueue.ClaimedJob;
import io.micrometer.observation.transport.ReceiverContext;
import org.jspecify.annotations.Nullable;

/**
 * The observation context of one handler run: the claimed job, its kind and, once it
 * finished, its outcome. A propagating tracer reads the enqueue's trace context from the
 * job's {@code traceparent} field, so the run joins the trace that enqueued it.
 */
public class JobRunContext extends ReceiverContext<ClaimedJob> {

	private final ClaimedJob job;

	private final @Nullable String kind;

	private @Nullable String outcome;

	/**
	 * Creates the context of a run.
	 * @param job the claimed job
	 * @param kind the kind its payload names, or null for none
	 */
	public JobRunContext(ClaimedJob job, @Nullable String kind) {
		super((carrier, key) -> JobEnqueueContext.TRACEPARENT.equals(key) ? carrier.traceparent() : null);
		setCarrier(job);
		setRemoteServiceName("redis");
		this.job = job;
		this.kind = kind;
	}

	/**
	 * Returns the claimed job.
	 * @return the job
	 */
	public ClaimedJob getJob() {
		return this.job;
	}

	/**
	 * Returns the kind the job's payload names.
	 * @return the kind, or null for none
	 */
	public @Nullable String getJobKind() {
		return this.kind;
	}

	/**
	 * Returns how the run ended, as {@code JobOutcome#tagValue()}: {@code completed},
	 * {@code retried}, {@code failed}, {@code rejected}, {@code cancelled},
	 * {@code released} or {@code error}.
	 * @return the outcome, or null while the handler runs
	 */
	public @Nullable String getOutcome() {
		return this.outcome;
	}

	/**
	 * Sets how the run ended.
	 * @param outcome the outcome, see {@link #getOutcome()}
	 */
	public void setOutcome(String outcome) {
		this.outcome = outcome;
	}

}
