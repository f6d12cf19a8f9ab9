package dev.jobqueue.sample;

import java.util.Map;

import dev.jobqueue.boot.test.CapturedJobs;
import dev.jobqueue.boot.test.InlineJobRunner;
import org.junit.jupiter.api.Test;

import static dev.jobqueue.boot.test.JobQueueAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Unit tests of the demo's handlers, run inline with {@code jobqueue-spring-boot-test}:
 * routing by kind, the reference's result and error text, and the hang that ends once the
 * job is no longer held.
 */
class DemoJobHandlersTests {

	private final SimulatedWork work = new SimulatedWork();

	private final CapturedJobs jobs = new CapturedJobs();

	private final InlineJobRunner runner = InlineJobRunner.of(new DemoJobHandlers(this.work, this.jobs));

	@Test
	void everyKindRunsItsHandlerAndReturnsTheReferenceResult() {
		this.work.configure(0L, 0.0, 0.0);
		for (String kind : new String[] { "email", "webhook", "thumbnail", "invoice" }) {
			assertThat(this.runner.runJson("jobs", "{\"kind\":\"" + kind + "\",\"n\":1}")).isCompleted()
				.result(Map.class)
				.isEqualTo(Map.of("worker", Thread.currentThread().getName(), "echo", Map.of("kind", kind, "n", 1),
						"attempts", 1));
		}
		assertThat(this.work.processed()).isEqualTo(4);
	}

	@Test
	void aKindWithoutHandlerFailsForGood() {
		assertThat(this.runner.runJson("jobs", "{\"kind\":\"fax\"}")).isFailed()
			.hasErrorContaining("no @JobHandler for kind 'fax'");
	}

	@Test
	void aSimulatedFailureIsRetriedWithTheReferenceErrorTextThenFailsOnTheLastAttempt() {
		this.work.configure(0L, 1.0, 0.0);
		String error = SimulatedFailureException.class.getName() + ": " + Thread.currentThread().getName()
				+ " simulated failure";
		assertThat(this.runner.runJson("jobs", "{\"kind\":\"email\"}")).isRetried().hasErrorContaining(error);
		assertThat(this.runner.withAttempt(3, 3).runJson("jobs", "{\"kind\":\"email\"}")).isFailed();
	}

	@Test
	void aHangingJobReturnsALateResultOnceItsJobIsNoLongerProcessing() {
		this.work.configure(0L, 0.0, 1.0);
		// the captured job is pending, not processing: the hang ends at its first check
		String id = this.jobs.enqueue("jobs", Map.of("kind", "webhook"));
		assertThat(this.runner.run(this.jobs.single("jobs"))).isCompleted()
			.result(Map.class)
			.extracting((result) -> result.get("late"))
			.isEqualTo(true);
		assertThat(this.jobs.single("jobs").id()).isEqualTo(id);
	}

}
