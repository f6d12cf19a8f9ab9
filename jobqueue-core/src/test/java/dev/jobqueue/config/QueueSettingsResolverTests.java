package dev.jobqueue.config;

import java.time.Duration;
import java.util.Map;

import dev.jobqueue.QueueSettings;
import dev.jobqueue.QueueShards;
import dev.jobqueue.worker.JobWorkerSettings;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * Tests for {@link QueueSettingsResolver}.
 */
class QueueSettingsResolverTests {

	@Test
	void withNothingConfiguredEveryQueueGetsTheConstants() {
		QueueSettingsResolver resolver = QueueSettingsResolver.defaults();
		assertThat(resolver.getQueueSettings("emails")).isEqualTo(QueueSettings.defaults("emails"));
		assertThat(resolver.getWorkerSettings("emails")).isEqualTo(JobWorkerSettings.defaults());
		assertThat(resolver.getReclaimInterval("emails")).isEqualTo(QueueSettingsResolver.DEFAULT_RECLAIM_INTERVAL);
		assertThat(resolver.isEnabled("emails")).isTrue();
		assertThat(resolver.getConfiguredQueues()).isEmpty();
	}

	@Test
	void aQueuesOwnValueWinsOverTheDefaultsWhichWinOverTheConstants() {
		QueueConfig defaults = new QueueConfig(null, "jobs", null, Duration.ofSeconds(7), null, null, null, null, 2,
				null, Duration.ofSeconds(3), null, Duration.ofSeconds(9));
		QueueConfig emails = new QueueConfig(false, null, true, null, 5, null, null, 1024, 6, null, null, false,
				Duration.ofMillis(100));
		QueueSettingsResolver resolver = new QueueSettingsResolver(defaults, Map.of("emails", emails));

		QueueSettings settings = resolver.getQueueSettings("emails");
		assertThat(settings.keys().pending()).isEqualTo("jobs:{emails}:pending");
		assertThat(settings.visibilityTimeout()).isEqualTo(Duration.ofSeconds(7));
		assertThat(settings.maxAttempts()).isEqualTo(5);
		assertThat(settings.historySize()).isEqualTo(QueueSettings.DEFAULT_HISTORY_SIZE);
		assertThat(settings.maxPayloadBytes()).isEqualTo(1024);
		JobWorkerSettings worker = resolver.getWorkerSettings("emails");
		assertThat(worker.concurrency()).isEqualTo(6);
		assertThat(worker.shutdownTimeout()).isEqualTo(Duration.ofSeconds(3));
		assertThat(worker.claimTimeout()).isEqualTo(JobWorkerSettings.DEFAULT_CLAIM_TIMEOUT);
		assertThat(worker.leaseExtension()).isFalse();
		assertThat(resolver.getReclaimInterval("emails")).isEqualTo(Duration.ofMillis(100));
		assertThat(resolver.isEnabled("emails")).isFalse();

		assertThat(resolver.getWorkerSettings("other").concurrency()).isEqualTo(2);
		assertThat(resolver.getReclaimInterval("other")).isEqualTo(Duration.ofSeconds(9));
		assertThat(resolver.isEnabled("other")).isTrue();
		assertThat(resolver.getConfiguredQueues()).containsExactly("emails");
	}

	@Test
	void anInvalidValueFailsWhenCreatedNamingTheQueue() {
		QueueConfig zeroWorkers = new QueueConfig(null, null, null, null, null, null, null, null, 0, null, null, null,
				null);
		assertThatIllegalArgumentException()
			.isThrownBy(() -> new QueueSettingsResolver(QueueConfig.EMPTY, Map.of("emails", zeroWorkers)))
			.withMessageContaining("emails")
			.withMessageContaining("concurrency");
		QueueConfig noInterval = new QueueConfig(null, null, null, null, null, null, null, null, null, null, null, null,
				Duration.ZERO);
		assertThatIllegalArgumentException().isThrownBy(() -> new QueueSettingsResolver(noInterval, Map.of()))
			.withMessageContaining("reclaimInterval");
	}

	@Test
	void subQueuesOfAShardedQueueHaveItsSettingsAndAreHashTagged() {
		QueueConfig hot = new QueueConfig(null, "jq", false, Duration.ofSeconds(9), 7, null, null, null, 3, null, null,
				null, Duration.ofMillis(250));
		QueueSettingsResolver resolver = new QueueSettingsResolver(QueueConfig.EMPTY, Map.of("hot", hot),
				Map.of("hot", 3));
		assertThat(resolver.getConfiguredQueues()).containsExactly("hot");
		assertThat(resolver.getShards("hot")).isEqualTo(3);
		assertThat(resolver.getShards("cold")).isEqualTo(1);
		for (String sub : QueueShards.subQueueNames("hot", 3)) {
			assertThat(resolver.getLogicalQueue(sub)).isEqualTo("hot");
			QueueSettings settings = resolver.getQueueSettings(sub);
			assertThat(settings.name()).isEqualTo(sub);
			assertThat(settings.keys().pending()).isEqualTo("jq:{" + sub + "}:pending");
			assertThat(settings.visibilityTimeout()).isEqualTo(Duration.ofSeconds(9));
			assertThat(settings.maxAttempts()).isEqualTo(7);
			assertThat(resolver.getWorkerSettings(sub).concurrency()).isEqualTo(3);
			assertThat(resolver.getReclaimInterval(sub)).isEqualTo(Duration.ofMillis(250));
		}
		assertThat(resolver.getQueueShards().subQueues("hot")).hasSize(3);
		assertThat(resolver.getQueueSettings("cold").hashTagged()).isFalse();
	}

	@Test
	void shardsOutOfRangeAreRefusedNamingTheQueue() {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> new QueueSettingsResolver(QueueConfig.EMPTY, Map.of(), Map.of("hot", 0)))
			.withMessage("Invalid settings for hot: shards must be between 1 and 1024, was 0");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> new QueueSettingsResolver(QueueConfig.EMPTY, Map.of(), Map.of("hot", 1025)));
	}

}
