package dev.jobqueue.boot.test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import dev.jobqueue.JobOptions;
import dev.jobqueue.JobPayloadException;
import dev.jobqueue.JobQueueOperations;
import dev.jobqueue.JobState;
import dev.jobqueue.annotation.JobHandler;
import org.junit.jupiter.api.Test;

import static dev.jobqueue.boot.test.JobQueueAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * Tests for {@link CapturedJobs} used directly, as in a plain unit test of a producer.
 */
class CapturedJobsTests {

	private final CapturedJobs jobs = new CapturedJobs();

	@Test
	void recordsWhatIsEnqueuedWithThePayloadAsAWorkerWouldReadIt() {
		String id = this.jobs.enqueue("orders", new Order("o-1", 3));
		EnqueuedJob job = this.jobs.single("orders");
		assertThat(job.id()).isEqualTo(id).matches("[0-9a-f]{16}");
		assertThat(job.payloadJson()).isEqualTo("{\"number\":\"o-1\",\"quantity\":3}");
		assertThat(job.payloadAs(Order.class)).isEqualTo(new Order("o-1", 3));
		assertThat(this.jobs.payloads("orders", Order.class)).containsExactly(new Order("o-1", 3));
		assertThat(this.jobs.forQueue("other")).isEmpty();
		assertThat(this.jobs.getJob("orders", id)).hasValueSatisfying((record) -> assertThat(record).isPending());
	}

	@Test
	void aJobWithADelayIsDelayedAndKeepsItsOptions() {
		JobOptions options = JobOptions.delay(Duration.ofHours(1));
		String id = this.jobs.enqueue("orders", "later", options);
		assertThat(this.jobs.single("orders").options()).isEqualTo(options);
		assertThat(this.jobs.getJob("orders", id).orElseThrow().state()).isEqualTo(JobState.DELAYED);
	}

	@Test
	void enqueueIfAbsentRefusesAnIdAlreadyCaptured() {
		assertThat(this.jobs.enqueueIfAbsent("orders", "order-7", "a")).isTrue();
		assertThat(this.jobs.enqueueIfAbsent("orders", "order-7", "b")).isFalse();
		assertThat(this.jobs.enqueueIfAbsent("invoices", "order-7", "c")).isTrue();
		assertThat(this.jobs.single("orders").payloadJson()).isEqualTo("\"a\"");
	}

	@Test
	void aBatchWithAPayloadThatCannotBeWrittenCapturesNothing() {
		List<Object> payloads = new ArrayList<>();
		payloads.add("fine");
		payloads.add(new Object() {
			@SuppressWarnings("unused")
			public Object getSelf() {
				throw new IllegalStateException("cannot be serialized");
			}
		});
		assertThatExceptionOfType(JobPayloadException.class).isThrownBy(() -> this.jobs.enqueueAll("orders", payloads));
		assertThat(this.jobs.all()).isEmpty();
		assertThat(this.jobs.enqueueAll("orders", List.of("x", "y"))).hasSize(2);
		assertThat(this.jobs.payloads("orders", String.class)).containsExactly("\"x\"", "\"y\"");
	}

	@Test
	void aBlankQueueIsRefusedAsByTheTemplate() {
		assertThatIllegalArgumentException().isThrownBy(() -> this.jobs.enqueue(" ", "x"));
	}

	@Test
	void scheduleTicksAreCapturedOncePerTick() {
		Instant tick = Instant.parse("2026-01-01T00:00:00Z");
		assertThat(this.jobs.enqueueScheduleTick("reports", "nightly", tick, "{\"day\":1}")).isTrue();
		assertThat(this.jobs.enqueueScheduleTick("reports", "nightly", tick, "{\"day\":1}")).isFalse();
		assertThat(this.jobs.single("reports").schedule()).isEqualTo("nightly");
	}

	@Test
	void capturedJobsRunInlineIncludingTheJobsTheirHandlersEnqueue() {
		Handlers handlers = new Handlers(this.jobs);
		InlineJobRunner runner = InlineJobRunner.of(handlers);
		String id = this.jobs.enqueue("orders", new Order("o-2", 2));
		String broken = this.jobs.enqueue("orders", new Order("o-3", 0));
		List<InlineJobResult> ran = this.jobs.runAll(runner);
		assertThat(ran).hasSize(3);
		assertThat(this.jobs.getJob("orders", id).orElseThrow()).isCompleted()
			.result(Map.class)
			.isEqualTo(Map.of("shipped", "o-2"));
		// the first of 3 attempts failed: a worker would retry it
		assertThat(this.jobs.getJob("orders", broken).orElseThrow()).isPending()
			.hasErrorContaining("no quantity")
			.hasAttempts(1);
		EnqueuedJob invoice = this.jobs.single("invoices");
		// a String gets the JSON text, as a handler declaring a String parameter does
		assertThat(invoice.payloadAs(String.class)).isEqualTo("\"invoice for o-2\"");
		assertThat(this.jobs.getJob("invoices", invoice.id()).orElseThrow()).isCompleted();
		assertThat(this.jobs.runAll(runner)).isEmpty();
	}

	record Order(String number, int quantity) {
	}

	static class Handlers {

		private final JobQueueOperations jobs;

		Handlers(JobQueueOperations jobs) {
			this.jobs = jobs;
		}

		@JobHandler(queue = "orders")
		Map<String, String> ship(Order order) {
			if (order.quantity() == 0) {
				throw new IllegalArgumentException("no quantity in " + order.number());
			}
			this.jobs.enqueue("invoices", "invoice for " + order.number());
			return Map.of("shipped", order.number());
		}

		@JobHandler(queue = "invoices")
		void invoice(String text) {
		}

	}

}
