package dev.jobqueue.autoconfigure.observation;

import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationHandler;
import io.micrometer.tracing.handler.DefaultTracingObservationHandler;
import io.micrometer.tracing.handler.PropagatingReceiverTracingObservationHandler;
import io.micrometer.tracing.handler.PropagatingSenderTracingObservationHandler;
import io.micrometer.tracing.otel.bridge.OtelBaggageManager;
import io.micrometer.tracing.otel.bridge.OtelCurrentTraceContext;
import io.micrometer.tracing.otel.bridge.OtelPropagator;
import io.micrometer.tracing.otel.bridge.OtelTracer;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.propagation.ContextPropagators;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import io.opentelemetry.sdk.trace.samplers.Sampler;

import java.util.List;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * A real tracer for one application: OpenTelemetry's SDK through Micrometer's bridge, W3C
 * propagation, every span sampled and exported to memory as it ends. Its observation
 * handler is the one Spring Boot's tracing auto-configuration would register (the
 * propagating sender and receiver handlers before the default one, first match wins);
 * Boot's observation auto-configuration adds it to the application's registry.
 */
@Configuration(proxyBeanMethods = false)
class InMemoryTracingConfiguration {

	@Bean
	InMemorySpanExporter spanExporter() {
		return InMemorySpanExporter.create();
	}

	@Bean(destroyMethod = "close")
	SdkTracerProvider sdkTracerProvider(InMemorySpanExporter exporter) {
		return SdkTracerProvider.builder()
			.setSampler(Sampler.alwaysOn())
			.addSpanProcessor(SimpleSpanProcessor.create(exporter))
			.build();
	}

	@Bean
	OtelTracer tracer(SdkTracerProvider provider) {
		OtelCurrentTraceContext current = new OtelCurrentTraceContext();
		return new OtelTracer(provider.get("jobqueue-tests"), current, (event) -> {
		}, new OtelBaggageManager(current, List.of(), List.of()));
	}

	@Bean
	ObservationHandler<Observation.Context> tracingObservationHandler(OtelTracer tracer, SdkTracerProvider provider) {
		OtelPropagator propagator = new OtelPropagator(
				ContextPropagators.create(W3CTraceContextPropagator.getInstance()), provider.get("jobqueue-tests"));
		return new ObservationHandler.FirstMatchingCompositeObservationHandler(
				new PropagatingSenderTracingObservationHandler<>(tracer, propagator),
				new PropagatingReceiverTracingObservationHandler<>(tracer, propagator),
				new DefaultTracingObservationHandler(tracer));
	}

}
