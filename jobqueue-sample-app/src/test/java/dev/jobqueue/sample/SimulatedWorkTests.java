package dev.jobqueue.sample;

import java.util.EnumSet;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link SimulatedWork}.
 */
class SimulatedWorkTests {

	private final SimulatedWork work = new SimulatedWork();

	@Test
	void startsWithTheReferenceDefaults() {
		assertThat(this.work.latencyMs()).isEqualTo(400);
		assertThat(this.work.failRate()).isZero();
		assertThat(this.work.hangRate()).isZero();
		assertThat(rolls()).containsExactly(SimulatedWork.Outcome.COMPLETE);
	}

	@Test
	void aHangRateOfOneAlwaysHangsEvenWithAFailRateOfOne() {
		this.work.configure(null, 1.0, 1.0);
		assertThat(rolls()).containsExactly(SimulatedWork.Outcome.HANG);
	}

	@Test
	void aFailRateOfOneAlwaysFails() {
		this.work.configure(null, 1.0, null);
		assertThat(rolls()).containsExactly(SimulatedWork.Outcome.FAIL);
	}

	@Test
	void halfRatesGiveEveryOutcome() {
		this.work.configure(null, 0.4, 0.4);
		assertThat(rolls()).containsExactlyInAnyOrder(SimulatedWork.Outcome.values());
	}

	@Test
	void configureChangesOnlyTheGivenKnobsAndClampsThem() {
		this.work.configure(-5L, null, null);
		assertThat(this.work.latencyMs()).isZero();
		this.work.configure(null, 3.0, Double.NaN);
		assertThat(this.work.failRate()).isEqualTo(1.0);
		assertThat(this.work.hangRate()).isZero();
		this.work.configure(250L, null, -1.0);
		assertThat(this.work.latencyMs()).isEqualTo(250);
		assertThat(this.work.failRate()).isEqualTo(1.0);
		assertThat(this.work.hangRate()).isZero();
	}

	@Test
	void completeCountsTheJobAndBuildsTheReferenceResult() {
		Map<String, Object> result = this.work.complete("worker-2", Map.of("kind", "email"), 3);
		assertThat(result).containsExactly(Map.entry("worker", "worker-2"), Map.entry("echo", Map.of("kind", "email")),
				Map.entry("attempts", 3));
		assertThat(this.work.processed()).isEqualTo(1);
		this.work.resetProcessed();
		assertThat(this.work.processed()).isZero();
	}

	@Test
	void theFailureMessageIsTheReferences() {
		assertThat(this.work.failureMessage("worker-4")).isEqualTo("worker-4 simulated failure");
	}

	private Set<SimulatedWork.Outcome> rolls() {
		Set<SimulatedWork.Outcome> seen = EnumSet.noneOf(SimulatedWork.Outcome.class);
		for (int i = 0; i < 2000; i++) {
			seen.add(this.work.roll());
		}
		return seen;
	}

}
