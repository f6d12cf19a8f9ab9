package dev.jobqueue;

import java.time.Duration;
import java.util.Map;

import dev.jobqueue.observation.JobEnqueueContext;
import dev.jobqueue.observation.JobRunContext;
import dev.jobqueue.observation.MdcJobExecutionListener;
import dev.jobqueue.observation.ObservationJobExecutionListener;
import dev.jobqueue.worker.JobOutcome;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationHandler;
import io.micrometer.observation.tck.TestObservationRegistry;
import io.micrometer.observation.tck.TestObservationRegistryAssert;
import org.junit.jupiter.api.Test;
import org.slf4j.MDC;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Handler runs observed with Micrometer's test registry, on jobs claimed from Redis: the
 * observation is current while the handler runs, its keys, the enqueue's traceparent read
 * back through the receiver context, and the MDC of the worker thread.
 */
class TracedRunTests extends AbstractRedisTests {

	private static final String TRACEPARENT = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";

	private final TestObservationRegistry registry = TestObservationRegistry.create();

	@Test
	void aRunIsObservedInScopeWithTheEnqueuesTraceparentAndItsKeys() {
		this.registry.observationConfig().observationHandler(new PropagatingStub());
		this.jobs.setEnqueueObserver(new dev.jobqueue.observation.JobEnqueueObserver(this.registry, null, "kind"));
		String id = this.jobs.enqueue(this.queue, Map.of("kind", "email"));
		ClaimedJob job = this.worker.claimAvailable(this.queue, 1).get(0);
		ObservationJobExecutionListener listener = new ObservationJobExecutionListener(this.registry, null, "kind");

		listener.jobStarted(job);
		Observation current = this.registry.getCurrentObservation();
		listener.jobFinished(job, JobOutcome.RETRIED, Duration.ofMillis(3));

		assertThat(current).isNotNull();
		JobRunContext context = (JobRunContext) current.getContext();
		assertThat(context.getGetter().get(context.getCarrier(), "traceparent")).isEqualTo(TRACEPARENT);
		assertThat(context.getGetter().get(context.getCarrier(), "tracestate")).isNull();
		assertThat(this.registry.getCurrentObservation()).isNull();
		TestObservationRegistryAssert.assertThat(this.registry)
			.hasObservationWithNameEqualTo("jobqueue.handler")
			.that()
			.hasContextualNameEqualTo(this.queue + " process")
			.hasLowCardinalityKeyValue("jobqueue.queue", this.queue)
			.hasLowCardinalityKeyValue("jobqueue.kind", "email")
			.hasLowCardinalityKeyValue("jobqueue.outcome", "retried")
			.hasHighCardinalityKeyValue("jobqueue.job.id", id)
			.hasHighCardinalityKeyValue("jobqueue.job.attempt", "1")
			.hasBeenStopped();
	}

	@Test
	void whatTheHandlerThrewIsTheRunsError() {
		this.jobs.enqueue(this.queue, Map.of("kind", "email"));
		ClaimedJob job = this.worker.claimAvailable(this.queue, 1).get(0);
		ObservationJobExecutionListener listener = new ObservationJobExecutionListener(this.registry, null, "kind");
		IllegalStateException failure = new IllegalStateException("mail server down");

		listener.jobStarted(job);
		listener.jobFinished(job, JobOutcome.RETRIED, Duration.ofMillis(3), failure);

		TestObservationRegistryAssert.assertThat(this.registry)
			.hasObservationWithNameEqualTo("jobqueue.handler")
			.that()
			.hasLowCardinalityKeyValue("jobqueue.outcome", "retried")
			.hasError(failure);
	}

	@Test
	void theMdcNamesTheRunningJobAndIsClearedAfterIt() {
		String id = this.jobs.enqueue(this.queue, Map.of("n", 1));
		ClaimedJob job = this.worker.claimAvailable(this.queue, 1).get(0);
		MdcJobExecutionListener listener = new MdcJobExecutionListener();

		listener.jobStarted(job);
		Map<String, String> during = MDC.getCopyOfContextMap();
		listener.jobFinished(job, JobOutcome.COMPLETED, Duration.ofMillis(1));

		assertThat(during).containsEntry("jobqueue.queue", this.queue).containsEntry("jobqueue.jobId", id);
		assertThat(MDC.get("jobqueue.queue")).isNull();
		assertThat(MDC.get("jobqueue.jobId")).isNull();
	}

	/**
	 * Stands in for a tracer's propagating handlers: writes the traceparent into the
	 * enqueue's carrier.
	 */
	static final class PropagatingStub implements ObservationHandler<JobEnqueueContext> {

		@Override
		public void onStart(JobEnqueueContext context) {
			context.getSetter().set(context.getCarrier(), "traceparent", TRACEPARENT);
		}

		@Override
		public boolean supportsContext(Observation.Context context) {
			return context instanceof JobEnqueueContext;
		}

	}

}
