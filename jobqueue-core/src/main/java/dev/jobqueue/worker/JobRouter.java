package dev.jobqueue.worker;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import dev.jobqueue.ClaimedJob;
import dev.jobqueue.JobPayloadConverter;
import dev.jobqueue.JobPayloadException;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/**
 * Picks the handler of a job within one queue: by the payload's kind field when handlers
 * declare kinds, otherwise (or for a kind nobody declared) the queue's handler without a
 * kind.
 */
final class JobRouter {

	private final String queue;

	private final String kindField;

	private final Map<String, JobHandlerInvoker> byKind = new HashMap<>();

	private @Nullable JobHandlerInvoker fallback;

	JobRouter(String queue, String kindField, List<JobHandlerEndpoint> endpoints) {
		this.queue = queue;
		this.kindField = kindField;
		for (JobHandlerEndpoint endpoint : endpoints) {
			JobHandlerInvoker invoker = new JobHandlerInvoker(endpoint);
			JobHandlerInvoker previous;
			if (endpoint.kind() != null) {
				previous = this.byKind.putIfAbsent(endpoint.kind(), invoker);
			}
			else {
				previous = this.fallback;
				if (previous == null) {
					this.fallback = invoker;
				}
			}
			if (previous != null) {
				throw new IllegalStateException("Two @JobHandler methods claim the same route: "
						+ previous.endpoint().describe() + " and " + endpoint.describe());
			}
		}
	}

	/**
	 * Finds the handler of a job.
	 * @throws JobRoutingException if no handler accepts it
	 */
	JobHandlerInvoker route(ClaimedJob job, JobPayloadConverter converter) {
		if (this.byKind.isEmpty()) {
			if (this.fallback != null) {
				return this.fallback;
			}
			throw new JobRoutingException("no @JobHandler on queue '" + this.queue + "'");
		}
		String kind = kind(job, converter);
		JobHandlerInvoker invoker = (kind != null) ? this.byKind.get(kind) : null;
		if (invoker != null) {
			return invoker;
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

	private @Nullable String kind(ClaimedJob job, JobPayloadConverter converter) {
		try {
			JsonNode tree = converter.read(job.payload(), JsonNode.class);
			JsonNode kind = (tree != null) ? tree.get(this.kindField) : null;
			return (kind != null && kind.isString()) ? kind.asString() : null;
		}
		catch (JobPayloadException ex) {
			return null;
		}
	}

	/**
	 * Thrown when no handler of the queue accepts a job.
	 */
	static final class JobRoutingException extends RuntimeException {

		private static final long serialVersionUID = 1L;

		JobRoutingException(String message) {
			super(message);
		}

	}

}
