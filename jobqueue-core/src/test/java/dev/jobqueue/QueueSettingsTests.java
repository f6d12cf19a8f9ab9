package dev.jobqueue;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * Tests of {@link QueueSettings} and {@link QueueKeys}.
 */
class QueueSettingsTests {

	@Test
	void defaultsAreTheReferences() {
		QueueSettings settings = QueueSettings.defaults("jobs");
		assertThat(settings.visibilityTimeout()).isEqualTo(Duration.ofMillis(5000));
		assertThat(settings.maxAttempts()).isEqualTo(3);
		assertThat(settings.historySize()).isEqualTo(50);
		assertThat(settings.finishedTtl()).isEqualTo(Duration.ofSeconds(300));
	}

	@Test
	void keysFollowTheReferenceLayoutOrTheHashTaggedOne() {
		QueueKeys keys = QueueSettings.defaults("jobs").keys();
		assertThat(keys.pending()).isEqualTo("queue:jobs:pending");
		assertThat(keys.processing()).isEqualTo("queue:jobs:processing");
		assertThat(keys.completed()).isEqualTo("queue:jobs:completed");
		assertThat(keys.failed()).isEqualTo("queue:jobs:failed");
		assertThat(keys.job("87088c8ff4ef8135")).isEqualTo("queue:jobs:job:87088c8ff4ef8135");
		assertThat(keys.events()).isEqualTo("queue:jobs:events");
		assertThat(QueueSettings.defaults("jobs").withKeys("queue", true).keys().job("a"))
			.isEqualTo("queue:{jobs}:job:a");
	}

	@Test
	void invalidValuesAreRefusedByName() {
		QueueSettings settings = QueueSettings.defaults("jobs");
		assertThatIllegalArgumentException().isThrownBy(() -> QueueSettings.defaults(" "))
			.withMessage("name must not be blank");
		assertThatIllegalArgumentException().isThrownBy(() -> settings.withVisibilityTimeout(Duration.ZERO))
			.withMessageStartingWith("visibilityTimeout must be at least 1 ms");
		assertThatIllegalArgumentException().isThrownBy(() -> settings.withMaxAttempts(0))
			.withMessageStartingWith("maxAttempts must be positive");
		assertThatIllegalArgumentException().isThrownBy(() -> settings.withHistorySize(-1))
			.withMessageStartingWith("historySize must be at least 1");
		assertThatIllegalArgumentException().isThrownBy(() -> settings.withFinishedTtl(Duration.ofMillis(999)))
			.withMessageStartingWith("finishedTtl must be at least 1 s");
		assertThatIllegalArgumentException().isThrownBy(() -> settings.withMaxPayloadBytes(0))
			.withMessageStartingWith("maxPayloadBytes must be positive");
		assertThatIllegalArgumentException().isThrownBy(() -> settings.withKeys("", false))
			.withMessage("keyPrefix must not be blank");
	}

	@Test
	void historySizeZeroIsRefusedBecauseTheTrimWouldKeepTheWholeList() {
		// LTRIM list 0 (0 - 1) is LTRIM list 0 -1, which keeps every id
		assertThatIllegalArgumentException().isThrownBy(() -> QueueSettings.defaults("jobs").withHistorySize(0))
			.withMessageStartingWith("historySize must be at least 1")
			.withMessageContaining("was 0");
	}

	@Test
	void idsAreSixteenLowerCaseHexCharacters() {
		for (int i = 0; i < 1000; i++) {
			assertThat(JobIds.newId()).matches("[0-9a-f]{16}");
		}
	}

}
