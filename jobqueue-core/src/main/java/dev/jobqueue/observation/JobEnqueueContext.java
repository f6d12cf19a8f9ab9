package dev.jobqueue.observation;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.micrometer.observation.transport.SenderContext;
import org.jspecify.annotations.Nullable;

/**
 * The observation context of one enqueue call: the queue, the ids and kind of the jobs,
 * and, once it returned, its outcome. Its carrier is the map of fields a propagating
 * tracer writes; the job hash takes only its {@value #TRACEPARENT} entry.
 */
public class JobEnqueueContext extends SenderContext<Map<String, String>> {

	/**
	 * The field of the job hash, and the propagation field, that carries the W3C trace
	 * context of the enqueue.
	 */
	public static final String TRACEPARENT = "traceparent";

	private final String queue;

	private final List<String> jobIds;

	private final @Nullable String kind;

	private @Nullable String outcome;

	/**
	 * Creates the context of an enqueue.
	 * @param queue the queue the jobs go to
	 * @param jobIds the ids of the jobs of this call, in enqueue order (one for a single
	 * enqueue)
	 * @param kind the kind the jobs' payloads name, or null when they name none or
	 * different ones
	 */
	public JobEnqueueContext(String queue, List<String> jobIds, @Nullable String kind) {
		super((carrier, key, value) -> {
			if (carrier != null) {
				carrier.put(key, value);
			}
		});
		setCarrier(new HashMap<>(4));
		setRemoteServiceName("redis");
		this.queue = queue;
		this.jobIds = List.copyOf(jobIds);
		this.kind = kind;
	}

	/**
	 * Returns the queue the jobs go to.
	 * @return the queue name
	 */
	public String getQueue() {
		return this.queue;
	}

	/**
	 * Returns the ids of the jobs of this call.
	 * @return the ids, one for a single enqueue
	 */
	public List<String> getJobIds() {
		return this.jobIds;
	}

	/**
	 * Returns the kind the jobs' payloads name.
	 * @return the kind, or null when they name none or different ones
	 */
	public @Nullable String getJobKind() {
		return this.kind;
	}

	/**
	 * Returns how the enqueue ended: {@code enqueued}, {@code skipped} (a caller-chosen
	 * id that exists), {@code updated} or {@code refused} (deduplication), or
	 * {@code error}.
	 * @return the outcome, or null while the enqueue runs
	 */
	public @Nullable String getOutcome() {
		return this.outcome;
	}

	/**
	 * Sets how the enqueue ended.
	 * @param outcome the outcome, see {@link #getOutcome()}
	 */
	public void setOutcome(String outcome) {
		this.outcome = outcome;
	}

	/**
	 * Returns the trace context the tracer propagated, as the job's {@value #TRACEPARENT}
	 * field takes it.
	 * @return the traceparent, or null when no tracer wrote one
	 */
	public @Nullable String getTraceparent() {
		Map<String, String> carrier = getCarrier();
		return (carrier != null) ? carrier.get(TRACEPARENT) : null;
	}

}
