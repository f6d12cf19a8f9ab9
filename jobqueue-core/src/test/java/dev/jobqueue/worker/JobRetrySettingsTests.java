package dev.jobqueue.worker;

import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;

import org.springframework.core.retry.RetryPolicy;
import org.springframework.util.backoff.ExponentialBackOff;
import org.springframework.util.backoff.FixedBackOff;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * Tests of {@link JobRetrySettings} and {@link RetryConfig}.
 */
class JobRetrySettingsTests {

	@Test
	void theStarterDefaultIsExponentialWithJitterCapped() {
		JobRetrySettings settings = JobRetrySettings.exponential();

		assertThat(settings.toBackOff()).isInstanceOfSatisfying(ExponentialBackOff.class, (backOff) -> {
			assertThat(backOff.getInitialInterval()).isEqualTo(1000);
			assertThat(backOff.getMultiplier()).isEqualTo(2.0);
			assertThat(backOff.getMaxInterval()).isEqualTo(300_000);
			assertThat(backOff.getJitter()).isEqualTo(500);
		});
	}

	@Test
	void aFixedOrZeroWaitIsAFixedBackOff() {
		assertThat(JobRetrySettings.fixed(Duration.ofSeconds(3)).toBackOff()).isInstanceOf(FixedBackOff.class);
		RetryPolicy immediate = JobRetrySettings.immediate().toRetryPolicy();
		assertThat(JobRetrySettings.delayOf(immediate, 1)).isZero();
		assertThat(JobRetrySettings.delayOf(immediate, 7)).isZero();
	}

	@Test
	void theWaitOfAnAttemptIsTheBackOffsValueForThatRetry() {
		RetryPolicy policy = new JobRetrySettings(Duration.ofSeconds(1), 2, Duration.ofSeconds(5), Duration.ZERO,
				List.of())
			.toRetryPolicy();

		assertThat(List.of(1, 2, 3, 4, 5).stream().map((attempt) -> JobRetrySettings.delayOf(policy, attempt)))
			.containsExactly(Duration.ofSeconds(1), Duration.ofSeconds(2), Duration.ofSeconds(4), Duration.ofSeconds(5),
					Duration.ofSeconds(5));
	}

	@Test
	void aBackOffThatStopsEndsTheRetries() {
		RetryPolicy policy = RetryPolicy.builder().backOff(new FixedBackOff(10, 1)).build();

		assertThat(JobRetrySettings.delayOf(policy, 1)).isEqualTo(Duration.ofMillis(10));
		assertThat(JobRetrySettings.delayOf(policy, 2)).isNull();
	}

	@Test
	void notRetryableTypesMatchSubclassesAndCauses() {
		RetryPolicy policy = JobRetrySettings.immediate()
			.withNotRetryable(List.of(IllegalArgumentException.class))
			.toRetryPolicy();

		assertThat(policy.shouldRetry(new NumberFormatException())).isFalse();
		assertThat(policy.shouldRetry(new IllegalStateException(new IllegalArgumentException()))).isFalse();
		assertThat(policy.shouldRetry(new IllegalStateException())).isTrue();
	}

	@Test
	void invalidSettingsAreRefusedByName() {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> new JobRetrySettings(Duration.ofMillis(-1), 1, Duration.ZERO, Duration.ZERO, List.of()))
			.withMessageContaining("delay must not be negative");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> new JobRetrySettings(Duration.ZERO, 0.5, Duration.ZERO, Duration.ZERO, List.of()))
			.withMessageContaining("multiplier must be at least 1");
		assertThatIllegalArgumentException().isThrownBy(
				() -> new JobRetrySettings(Duration.ofSeconds(2), 1, Duration.ofSeconds(1), Duration.ZERO, List.of()))
			.withMessageContaining("maxDelay must be at least the delay");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> new JobRetrySettings(Duration.ZERO, 1, Duration.ZERO, Duration.ofMillis(-1), List.of()))
			.withMessageContaining("jitter must not be negative");
	}

	@Test
	void aConfigOverridesOnlyWhatItSetsAndAddsItsNotRetryableTypes() {
		JobRetrySettings base = JobRetrySettings.exponential().withNotRetryable(List.of(IllegalStateException.class));

		JobRetrySettings applied = new RetryConfig(Duration.ofMinutes(10), null, null, Duration.ZERO,
				List.of(IllegalArgumentException.class))
			.applyTo(base);

		assertThat(applied.delay()).isEqualTo(Duration.ofMinutes(10));
		assertThat(applied.multiplier()).isEqualTo(2.0);
		assertThat(applied.maxDelay()).as("raised to the longer delay").isEqualTo(Duration.ofMinutes(10));
		assertThat(applied.jitter()).isZero();
		assertThat(applied.notRetryable()).containsExactly(IllegalStateException.class, IllegalArgumentException.class);
	}

}
