package dev.jobqueue.observation;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;

import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.util.Assert;

/**
 * Observes the enqueue calls of a {@code JobQueueTemplate} as
 * {@link JobQueueObservation#ENQUEUE} observations, and hands the template the W3C trace
 * context a propagating tracer wrote, which the template stores in the jobs'
 * {@code traceparent} field. Set it with {@code JobQueueTemplate#setEnqueueObserver};
 * Spring Boot does when {@code jobqueue.producer.observation-enabled} is true.
 */
public final class JobEnqueueObserver {

	private static final JsonMapper KIND_READER = JsonMapper.shared();

	private final ObservationRegistry registry;

	private final @Nullable JobEnqueueObservationConvention convention;

	private final String kindField;

	/**
	 * Creates the observer.
	 * @param registry the registry to observe in
	 * @param convention the convention replacing the default one, or null for the default
	 * @param kindField the payload field that names a job's kind
	 */
	public JobEnqueueObserver(ObservationRegistry registry, @Nullable JobEnqueueObservationConvention convention,
			String kindField) {
		Assert.notNull(registry, "registry must not be null");
		Assert.hasText(kindField, "kindField must not be blank");
		this.registry = registry;
		this.convention = convention;
		this.kindField = kindField;
	}

	/**
	 * Runs one enqueue call in an observation. Called by the template, once the jobs' ids
	 * are chosen and their payloads written as JSON.
	 * @param <T> what the enqueue returns
	 * @param queue the queue
	 * @param ids the ids of the jobs
	 * @param payloads the payloads as given, in the order of the ids (null for one known
	 * only as JSON)
	 * @param jsons the payloads as JSON, in the same order
	 * @param enqueue the enqueue, given the traceparent to store (null for none)
	 * @param outcome how to name what the enqueue returned (see
	 * {@link JobEnqueueContext#getOutcome()})
	 * @return what the enqueue returned
	 */
	public <T> T observe(String queue, List<String> ids, List<?> payloads, List<String> jsons,
			Function<@Nullable String, T> enqueue, Function<T, String> outcome) {
		if (this.registry.isNoop()) {
			return enqueue.apply(null);
		}
		JobEnqueueContext context = new JobEnqueueContext(queue, ids, kind(payloads, jsons));
		Observation observation = JobQueueObservation.ENQUEUE.observation(this.convention,
				DefaultJobEnqueueObservationConvention.INSTANCE, () -> context, this.registry);
		return observation.observe(() -> {
			try {
				T result = enqueue.apply(context.getTraceparent());
				context.setOutcome(outcome.apply(result));
				return result;
			}
			catch (RuntimeException | Error ex) {
				context.setOutcome("error");
				throw ex;
			}
		});
	}

	/**
	 * The kind all payloads name: null when none names one, {@code mixed} when they
	 * differ.
	 */
	private @Nullable String kind(List<?> payloads, List<String> jsons) {
		String kind = null;
		for (int i = 0; i < payloads.size(); i++) {
			String each = kind(payloads.get(i), jsons.get(i));
			if (i > 0 && !Objects.equals(each, kind)) {
				return "mixed";
			}
			kind = each;
		}
		return kind;
	}

	private @Nullable String kind(@Nullable Object payload, String json) {
		if (payload instanceof Map<?, ?> map) {
			// the common payload: no parse
			return (map.get(this.kindField) instanceof String kind) ? kind : null;
		}
		if (!json.startsWith("{")) {
			return null;
		}
		try {
			return ObservationJobExecutionListener.kind(KIND_READER.readTree(json), this.kindField);
		}
		catch (JacksonException ex) {
			return null;
		}
	}

}
