package dev.jobqueue;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import dev.jobqueue.observation.JobEnqueueContext;
import dev.jobqueue.observation.JobEnqueueObserver;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationHandler;
import io.micrometer.observation.tck.TestObservationRegistry;
import io.micrometer.observation.tck.TestObservationRegistryAssert;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Enqueues observed with Micrometer's test registry: the observation and its keys, and
 * the {@code traceparent} field a propagating tracer hands over, written on the job hash
 * only then, carried by the claim, and ignored by a reference worker.
 */
class TracedEnqueueTests extends AbstractRedisTests {

	private static final String TRACEPARENT = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";

	private final TestObservationRegistry registry = TestObservationRegistry.create();

	@BeforeEach
	void observe() {
		// stands in for a tracer's propagating sender handler: it writes the propagation
		// fields into the carrier when the observation starts
		this.registry.observationConfig().observationHandler(new ObservationHandler<JobEnqueueContext>() {

			@Override
			public void onStart(JobEnqueueContext context) {
				context.getSetter().set(context.getCarrier(), "traceparent", TRACEPARENT);
				context.getSetter().set(context.getCarrier(), "tracestate", "vendor=1");
			}

			@Override
			public boolean supportsContext(Observation.Context context) {
				return context instanceof JobEnqueueContext;
			}

		});
		this.jobs.setEnqueueObserver(new JobEnqueueObserver(this.registry, null, "kind"));
	}

	@Test
	void anObservedEnqueueHasTheQueueKindOutcomeAndJobIdKeys() {
		String id = this.jobs.enqueue(this.queue, Map.of("kind", "email", "to", "a@example.com"));

		TestObservationRegistryAssert.assertThat(this.registry)
			.hasObservationWithNameEqualTo("jobqueue.enqueue")
			.that()
			.hasContextualNameEqualTo(this.queue + " enqueue")
			.hasLowCardinalityKeyValue("jobqueue.queue", this.queue)
			.hasLowCardinalityKeyValue("jobqueue.kind", "email")
			.hasLowCardinalityKeyValue("jobqueue.outcome", "enqueued")
			.hasHighCardinalityKeyValue("jobqueue.job.id", id)
			.hasBeenStarted()
			.hasBeenStopped()
			.doesNotHaveError();
	}

	@Test
	void theTraceparentIsWrittenOnTheHashAndNoOtherPropagationField() {
		String id = this.jobs.enqueue(this.queue, Map.of("kind", "email"));

		assertThat(hash(id)).containsEntry("traceparent", TRACEPARENT).doesNotContainKey("tracestate").hasSize(7);
		ClaimedJob claimed = this.worker.claimAvailable(this.queue, 1).get(0);
		assertThat(claimed.id()).isEqualTo(id);
		assertThat(claimed.traceparent()).isEqualTo(TRACEPARENT);
	}

	@Test
	void aJobEnqueuedUnobservedKeepsTheReferenceFieldsAndClaimsWithoutTraceparent() {
		this.jobs.setEnqueueObserver(null);
		String id = this.jobs.enqueue(this.queue, Map.of("kind", "email"));

		assertThat(hash(id)).containsOnlyKeys("id", "payload", "status", "attempts", "enqueued_at_ms", "claim_token");
		assertThat(this.worker.claimAvailable(this.queue, 1).get(0).traceparent()).isNull();
	}

	@Test
	void aReferenceWorkerRunsATracedJob() {
		ReferenceHelper reference = new ReferenceHelper(redis, this.keys, this.clock, 5000);
		String id = this.jobs.enqueue(this.queue, Map.of("kind", "email"));

		String[] claimed = reference.claim(0.5);
		assertThat(claimed[0]).isEqualTo(id);
		assertThat(reference.complete(claimed[0], claimed[1], "\"sent\"")).isTrue();
		assertThat(hash(id)).containsEntry("status", "completed")
			.containsEntry("result", "\"sent\"")
			.containsEntry("traceparent", TRACEPARENT);
	}

	@Test
	void aBatchIsOneObservationWithItsCountAndMixedKinds() {
		List<String> ids = this.jobs.enqueueAll(this.queue,
				List.of(Map.of("kind", "email"), Map.of("kind", "sms"), Map.of("kind", "email")));

		TestObservationRegistryAssert.assertThat(this.registry)
			.hasNumberOfObservationsWithNameEqualTo("jobqueue.enqueue", 1)
			.hasObservationWithNameEqualTo("jobqueue.enqueue")
			.that()
			.hasLowCardinalityKeyValue("jobqueue.kind", "mixed")
			.hasHighCardinalityKeyValue("jobqueue.job.count", "3")
			.doesNotHaveHighCardinalityKeyValueWithKey("jobqueue.job.id");
		for (String id : ids) {
			assertThat(hash(id)).containsEntry("traceparent", TRACEPARENT);
		}
	}

	@Test
	void aNullPayloadIsObservedWithoutAKind() {
		String id = this.jobs.enqueue(this.queue, null);

		assertThat(hash(id)).containsEntry("payload", "null").containsEntry("traceparent", TRACEPARENT);
		TestObservationRegistryAssert.assertThat(this.registry)
			.hasObservationWithNameEqualTo("jobqueue.enqueue")
			.that()
			.hasLowCardinalityKeyValue("jobqueue.kind", "none");
	}

	@Test
	void aPojoPayloadsKindIsReadFromItsJson() {
		this.jobs.enqueue(this.queue, new Email("email", "a@example.com"));

		TestObservationRegistryAssert.assertThat(this.registry)
			.hasObservationWithNameEqualTo("jobqueue.enqueue")
			.that()
			.hasLowCardinalityKeyValue("jobqueue.kind", "email");
	}

	@Test
	void aDelayedJobCarriesItsTraceparentThroughPromotion() {
		String id = this.jobs.enqueue(this.queue, Map.of("n", 1), JobOptions.delay(Duration.ofSeconds(5)));
		assertThat(hash(id)).containsEntry("status", "delayed").containsEntry("traceparent", TRACEPARENT);

		this.clock.advance(Duration.ofSeconds(6));
		this.worker.promoteDueJobs(this.queue, 10);

		ClaimedJob claimed = this.worker.claimAvailable(this.queue, 1).get(0);
		assertThat(claimed.id()).isEqualTo(id);
		assertThat(claimed.traceparent()).isEqualTo(TRACEPARENT);
		TestObservationRegistryAssert.assertThat(this.registry)
			.hasObservationWithNameEqualTo("jobqueue.enqueue")
			.that()
			.hasLowCardinalityKeyValue("jobqueue.kind", "none");
	}

	@Test
	void anEnqueueOfAnIdThatExistsIsObservedAsSkipped() {
		assertThat(this.jobs.enqueueIfAbsent(this.queue, "order-1", Map.of("n", 1))).isTrue();
		this.registry.clear();

		assertThat(this.jobs.enqueueIfAbsent(this.queue, "order-1", Map.of("n", 2))).isFalse();

		TestObservationRegistryAssert.assertThat(this.registry)
			.hasObservationWithNameEqualTo("jobqueue.enqueue")
			.that()
			.hasLowCardinalityKeyValue("jobqueue.outcome", "skipped")
			.hasHighCardinalityKeyValue("jobqueue.job.id", "order-1");
	}

	@Test
	void aRefusedDeduplicatedEnqueueIsObservedAsRefusedAndAWindowJobCarriesItsTraceparent() {
		Deduplication window = Deduplication.window(Duration.ofMinutes(1));
		assertThat(this.jobs.enqueue(this.queue, "report", Map.of("n", 1), window))
			.isEqualTo(Deduplication.Outcome.ENQUEUED);
		assertThat(hash("report")).containsEntry("traceparent", TRACEPARENT);
		this.registry.clear();

		assertThat(this.jobs.enqueue(this.queue, "report", Map.of("n", 2), window))
			.isEqualTo(Deduplication.Outcome.REFUSED);

		TestObservationRegistryAssert.assertThat(this.registry)
			.hasObservationWithNameEqualTo("jobqueue.enqueue")
			.that()
			.hasLowCardinalityKeyValue("jobqueue.outcome", "refused");
	}

	record Email(String kind, String to) {
	}

}
