package dev.jobqueue.autoconfigure.observation;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.jobqueue.JobQueueOperations;
import dev.jobqueue.QueueSettings;
import dev.jobqueue.annotation.JobHandler;
import dev.jobqueue.autoconfigure.TestRedis;
import io.micrometer.tracing.Span;
import io.micrometer.tracing.Tracer;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.data.SpanData;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * One trace across two applications sharing a Redis, each with its own OpenTelemetry
 * tracer exporting to memory: the producer enqueues inside a parent span (as an HTTP
 * request's), the worker application runs the handler, whose span has the producer's
 * trace id and the enqueue span as its parent; the handler's log line carries the job in
 * its MDC.
 */
class TracingAcrossApplicationsTests {

	private static final AtomicReference<String> handlerSpanId = new AtomicReference<>();

	private static final AtomicReference<String> handlerTraceId = new AtomicReference<>();

	private final String queue = TestRedis.uniqueQueue("tracing");

	private final ListAppender<ILoggingEvent> log = new ListAppender<>();

	private final Logger handlerLogger = (Logger) LoggerFactory.getLogger(Handlers.class);

	@AfterEach
	void releaseLog() {
		this.handlerLogger.detachAppender(this.log);
	}

	@Test
	void theHandlerRunContinuesTheTraceOfTheRequestThatEnqueued() {
		handlerSpanId.set(null);
		try (ConfigurableApplicationContext producer = start(Producer.class, "jobqueue.worker.enabled=false",
				"jobqueue.producer.observation-enabled=true");
				ConfigurableApplicationContext worker = start(Worker.class,
						"jobqueue.worker.observation-enabled=true")) {
			// after the applications started: their logging system resets Logback
			this.log.start();
			this.handlerLogger.addAppender(this.log);
			Tracer tracer = producer.getBean(Tracer.class);
			Span request = tracer.nextSpan().name("POST /signup").start();
			String id;
			try (Tracer.SpanInScope scope = tracer.withSpan(request)) {
				id = producer.getBean(JobQueueOperations.class)
					.enqueue(this.queue, Map.of("kind", "email", "to", "a@example.com"));
			}
			finally {
				request.end();
			}

			InMemorySpanExporter workerSpans = worker.getBean(InMemorySpanExporter.class);
			await().atMost(Duration.ofSeconds(30))
				.until(() -> spanNamed(workerSpans.getFinishedSpanItems(), this.queue + " process") != null);

			List<SpanData> producerSpans = producer.getBean(InMemorySpanExporter.class).getFinishedSpanItems();
			SpanData enqueue = spanNamed(producerSpans, this.queue + " enqueue");
			SpanData run = spanNamed(workerSpans.getFinishedSpanItems(), this.queue + " process");
			assertThat(enqueue).isNotNull();
			assertThat(enqueue.getTraceId()).isEqualTo(request.context().traceId());
			assertThat(enqueue.getParentSpanId()).isEqualTo(request.context().spanId());
			assertThat(enqueue.getAttributes().asMap()).extractingFromEntries((e) -> e.getKey().getKey())
				.contains("jobqueue.queue", "jobqueue.kind", "jobqueue.job.id");
			assertThat(run.getTraceId()).as("the run's trace is the request's").isEqualTo(request.context().traceId());
			assertThat(run.getParentSpanId()).as("the run's parent is the enqueue").isEqualTo(enqueue.getSpanId());
			assertThat(handlerTraceId.get()).isEqualTo(run.getTraceId());
			assertThat(handlerSpanId.get()).as("the handler runs in the run's span").isEqualTo(run.getSpanId());
			assertThat(this.log.list).singleElement()
				.extracting(ILoggingEvent::getMDCPropertyMap)
				.isEqualTo(Map.of("jobqueue.queue", this.queue, "jobqueue.jobId", id));
			assertThat(TestRedis.commands().hget(QueueSettings.defaults(this.queue).keys().job(id), "traceparent"))
				.as("W3C traceparent: version, trace id, parent (the enqueue span), flags")
				.startsWith("00-" + enqueue.getTraceId() + "-" + enqueue.getSpanId() + "-");
		}
	}

	private static SpanData spanNamed(List<SpanData> spans, String name) {
		return spans.stream().filter((span) -> span.getName().equals(name)).findFirst().orElse(null);
	}

	private ConfigurableApplicationContext start(Class<?> application, String... properties) {
		return new SpringApplicationBuilder(application).web(WebApplicationType.NONE)
			.properties(TestRedis.urlProperty(), "test.queue=" + this.queue, "jobqueue.worker.claim-timeout=200ms",
					// the JDBC driver on this module's test class path is for the
					// transaction tests; these applications have no database
					"spring.autoconfigure.exclude=org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration")
			.properties(properties)
			.run();
	}

	@SpringBootConfiguration
	@EnableAutoConfiguration
	@Import(InMemoryTracingConfiguration.class)
	static class Producer {

	}

	@SpringBootConfiguration
	@EnableAutoConfiguration
	@Import(InMemoryTracingConfiguration.class)
	static class Worker {

		@Bean
		Handlers handlers(Tracer tracer) {
			return new Handlers(tracer);
		}

	}

	static class Handlers {

		private final Tracer tracer;

		Handlers(Tracer tracer) {
			this.tracer = tracer;
		}

		@JobHandler(queue = "${test.queue}", kind = "email")
		void send(Map<String, Object> email) {
			Span span = this.tracer.currentSpan();
			if (span != null) {
				handlerTraceId.set(span.context().traceId());
				handlerSpanId.set(span.context().spanId());
			}
			LoggerFactory.getLogger(Handlers.class).info("Sending to {}", email.get("to"));
		}

	}

}
