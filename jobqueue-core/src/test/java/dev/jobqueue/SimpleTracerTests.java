package dev.jobqueue;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import dev.jobqueue.observation.JobEnqueueObserver;
import dev.jobqueue.observation.ObservationJobExecutionListener;
import dev.jobqueue.worker.JobOutcome;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationHandler.FirstMatchingCompositeObservationHandler;
import io.micrometer.observation.ObservationRegistry;
import io.micrometer.tracing.Span;
import io.micrometer.tracing.TraceContext;
import io.micrometer.tracing.Tracer;
import io.micrometer.tracing.handler.DefaultTracingObservationHandler;
import io.micrometer.tracing.handler.PropagatingReceiverTracingObservationHandler;
import io.micrometer.tracing.handler.PropagatingSenderTracingObservationHandler;
import io.micrometer.tracing.propagation.Propagator;
import io.micrometer.tracing.test.simple.SimpleSpan;
import io.micrometer.tracing.test.simple.SimpleTracer;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A traced enqueue and its handler run through Micrometer Tracing's own handlers and its
 * test tracer, on a job stored in and claimed from Redis: the enqueue span is a child of
 * the span of the caller's observation (a request, say), the job's {@code traceparent}
 * names it, and the handler span continues that trace with the enqueue span as its
 * parent.
 */
class SimpleTracerTests extends AbstractRedisTests {

	private final SimpleTracer tracer = new SimpleTracer();

	private final ObservationRegistry registry = ObservationRegistry.create();

	@Test
	void theHandlerSpanIsAChildOfTheEnqueueSpanWhichIsAChildOfTheCaller() {
		W3cPropagator propagator = new W3cPropagator(this.tracer);
		this.registry.observationConfig()
			.observationHandler(new FirstMatchingCompositeObservationHandler(
					new PropagatingSenderTracingObservationHandler<>(this.tracer, propagator),
					new PropagatingReceiverTracingObservationHandler<>(this.tracer, propagator),
					new DefaultTracingObservationHandler(this.tracer)));
		this.jobs.setEnqueueObserver(new JobEnqueueObserver(this.registry, null, "kind"));
		String id = Observation.createNotStarted("request", this.registry)
			.observe(() -> this.jobs.enqueue(this.queue, Map.of("kind", "email")));
		ClaimedJob job = this.worker.claimAvailable(this.queue, 1).get(0);
		ObservationJobExecutionListener listener = new ObservationJobExecutionListener(this.registry, null, "kind");
		listener.jobStarted(job);
		listener.jobFinished(job, JobOutcome.COMPLETED, Duration.ofMillis(2));

		SimpleSpan parent = span("request");
		SimpleSpan enqueue = span(this.queue + " enqueue");
		SimpleSpan process = span(this.queue + " process");
		assertThat(parent.getTraceId()).hasSize(16);
		assertThat(enqueue.getSpanId()).hasSize(16).isNotEqualTo(parent.getSpanId());
		assertThat(enqueue.getTraceId()).isEqualTo(parent.getTraceId());
		assertThat(enqueue.getParentId()).isEqualTo(parent.getSpanId());
		assertThat(enqueue.getKind()).isEqualTo(Span.Kind.PRODUCER);
		assertThat(enqueue.getTags()).containsEntry("jobqueue.queue", this.queue)
			.containsEntry("jobqueue.kind", "email");
		assertThat(hash(id)).containsEntry("traceparent", W3cPropagator.traceparent(enqueue.context()));
		assertThat(job.traceparent()).isEqualTo(W3cPropagator.traceparent(enqueue.context()));
		assertThat(process.getTraceId()).isEqualTo(parent.getTraceId());
		assertThat(process.getParentId()).isEqualTo(enqueue.getSpanId());
		assertThat(process.getSpanId()).isNotIn(parent.getSpanId(), enqueue.getSpanId());
		assertThat(process.getKind()).isEqualTo(Span.Kind.CONSUMER);
		assertThat(process.getTags()).containsEntry("jobqueue.queue", this.queue)
			.containsEntry("jobqueue.kind", "email")
			.containsEntry("jobqueue.outcome", "completed")
			.containsEntry("jobqueue.job.id", id);
		assertThat(process.getEndTimestamp()).isNotNull();
		assertThat(this.tracer.currentSpan()).isNull();
	}

	private SimpleSpan span(String name) {
		List<SimpleSpan> named = this.tracer.getSpans().stream().filter((span) -> name.equals(span.getName())).toList();
		assertThat(named).as("spans named '%s' among %s", name, this.tracer.getSpans()).hasSize(1);
		return named.get(0);
	}

	/**
	 * W3C trace context for the test tracer, whose 64-bit trace ids are padded to the 128
	 * bits a {@code traceparent} carries.
	 */
	static final class W3cPropagator implements Propagator {

		private static final String PADDING = "0".repeat(16);

		private final Tracer tracer;

		W3cPropagator(Tracer tracer) {
			this.tracer = tracer;
		}

		static String traceparent(TraceContext context) {
			String traceId = (context.traceId().length() == 16) ? PADDING + context.traceId() : context.traceId();
			return "00-" + traceId + "-" + context.spanId() + "-01";
		}

		@Override
		public List<String> fields() {
			return List.of("traceparent");
		}

		@Override
		public <C> void inject(TraceContext context, C carrier, Setter<C> setter) {
			setter.set(carrier, "traceparent", traceparent(context));
		}

		@Override
		public <C> Span.Builder extract(C carrier, Getter<C> getter) {
			String traceparent = getter.get(carrier, "traceparent");
			if (traceparent == null) {
				return this.tracer.spanBuilder();
			}
			String[] parts = traceparent.split("-");
			String traceId = parts[1].startsWith(PADDING) ? parts[1].substring(16) : parts[1];
			TraceContext parent = this.tracer.traceContextBuilder()
				.traceId(traceId)
				.spanId(parts[2])
				.sampled(true)
				.build();
			return this.tracer.spanBuilder().setParent(parent);
		}

	}

}
