package dev.jobqueue.autoconfigure;

import java.time.Duration;
import java.time.ZoneId;
import java.util.List;

import dev.jobqueue.QueueSettings;
import dev.jobqueue.config.QueueSettingsResolver;
import dev.jobqueue.scheduling.JobSchedule;
import dev.jobqueue.scheduling.MissedTickPolicy;
import dev.jobqueue.worker.JobRetrySettings;
import dev.jobqueue.worker.JobWorkerSettings;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.context.properties.bind.validation.BindValidationException;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link JobQueueProperties}: the grouped names, the deprecated names that
 * still bind, defaults from core's constants, and validation naming each property.
 */
class JobQueuePropertiesTests {

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withUserConfiguration(PropertiesConfiguration.class);

	@Test
	void defaultsAreCoresConstants() {
		this.contextRunner.run((context) -> {
			QueueSettingsResolver settings = QueueConfigMapper.resolver(context.getBean(JobQueueProperties.class));
			assertThat(settings.getQueueSettings("jobs")).isEqualTo(QueueSettings.defaults("jobs"));
			assertThat(settings.getWorkerSettings("jobs")).isEqualTo(JobWorkerSettings.defaults());
			assertThat(settings.getReclaimInterval("jobs")).isEqualTo(QueueSettingsResolver.DEFAULT_RECLAIM_INTERVAL);
			assertThat(settings.getRetrySettings("jobs")).as("the starter's exponential back-off with jitter")
				.isEqualTo(JobRetrySettings.exponential());
		});
	}

	@Test
	void executionTimeoutIsUnsetByDefaultAndBindsForEveryQueueAndForOne() {
		this.contextRunner
			.withPropertyValues("jobqueue.worker.execution-timeout=30s",
					"jobqueue.queues.reports.worker.execution-timeout=10m")
			.run((context) -> {
				QueueSettingsResolver settings = QueueConfigMapper.resolver(context.getBean(JobQueueProperties.class));
				assertThat(settings.getWorkerSettings("other").executionTimeout()).isEqualTo(Duration.ofSeconds(30));
				assertThat(settings.getWorkerSettings("reports").executionTimeout()).isEqualTo(Duration.ofMinutes(10));
			});
		this.contextRunner
			.run((context) -> assertThat(QueueConfigMapper.resolver(context.getBean(JobQueueProperties.class))
				.getWorkerSettings("jobs")
				.executionTimeout()).isNull());
	}

	@Test
	void retryBackOffBindsForEveryQueueAndForOne() {
		this.contextRunner.withPropertyValues("jobqueue.retry.backoff.delay=2s", "jobqueue.retry.backoff.multiplier=3",
				"jobqueue.retry.backoff.max-delay=1m", "jobqueue.retry.backoff.jitter=0",
				"jobqueue.retry.not-retryable-exceptions=java.lang.IllegalArgumentException",
				"jobqueue.queues.webhooks.retry.backoff.delay=30s",
				"jobqueue.queues.webhooks.retry.not-retryable-exceptions[0]=java.lang.UnsupportedOperationException",
				"jobqueue.queues.reference.retry.backoff.delay=0")
			.run((context) -> {
				QueueSettingsResolver settings = QueueConfigMapper.resolver(context.getBean(JobQueueProperties.class));
				assertThat(settings.getRetrySettings("other")).isEqualTo(new JobRetrySettings(Duration.ofSeconds(2), 3,
						Duration.ofMinutes(1), Duration.ZERO, List.of(IllegalArgumentException.class)));
				assertThat(settings.getRetrySettings("webhooks"))
					.isEqualTo(new JobRetrySettings(Duration.ofSeconds(30), 3, Duration.ofMinutes(1), Duration.ZERO,
							List.of(IllegalArgumentException.class, UnsupportedOperationException.class)));
				assertThat(settings.getRetrySettings("reference").delay()).isZero();
			});
	}

	@Test
	void groupedNamesBindForEveryQueueAndForOne() {
		this.contextRunner
			.withPropertyValues("jobqueue.worker.concurrency=2", "jobqueue.worker.claim-timeout=200ms",
					"jobqueue.worker.shutdown-timeout=3s", "jobqueue.worker.lease-extension=false",
					"jobqueue.reclaimer.interval=250ms", "jobqueue.producer.max-payload-size=2KB",
					"jobqueue.queues.emails.worker.concurrency=7", "jobqueue.queues.emails.reclaimer.interval=2s",
					"jobqueue.queues.emails.producer.max-payload-size=1KB", "jobqueue.queues.emails.max-attempts=9")
			.run((context) -> {
				QueueSettingsResolver settings = QueueConfigMapper.resolver(context.getBean(JobQueueProperties.class));
				assertThat(settings.getWorkerSettings("other"))
					.isEqualTo(new JobWorkerSettings(2, Duration.ofMillis(200), Duration.ofSeconds(3), false, true));
				assertThat(settings.getReclaimInterval("other")).isEqualTo(Duration.ofMillis(250));
				assertThat(settings.getQueueSettings("other").maxPayloadBytes()).isEqualTo(2048);
				assertThat(settings.getWorkerSettings("emails").concurrency()).isEqualTo(7);
				assertThat(settings.getWorkerSettings("emails").shutdownTimeout()).isEqualTo(Duration.ofSeconds(3));
				assertThat(settings.getReclaimInterval("emails")).isEqualTo(Duration.ofSeconds(2));
				assertThat(settings.getQueueSettings("emails").maxPayloadBytes()).isEqualTo(1024);
				assertThat(settings.getQueueSettings("emails").maxAttempts()).isEqualTo(9);
			});
	}

	@Test
	@SuppressWarnings("removal")
	void deprecatedNamesStillBindToTheirReplacements() {
		this.contextRunner
			.withPropertyValues("jobqueue.concurrency=2", "jobqueue.claim-timeout=200ms",
					"jobqueue.shutdown-timeout=3s", "jobqueue.lease-extension=false", "jobqueue.reclaim-interval=250ms",
					"jobqueue.max-payload-size=2KB", "jobqueue.queues.emails.concurrency=7",
					"jobqueue.queues.emails.claim-timeout=300ms", "jobqueue.queues.emails.shutdown-timeout=4s",
					"jobqueue.queues.emails.lease-extension=true", "jobqueue.queues.emails.reclaim-interval=2s",
					"jobqueue.queues.emails.max-payload-size=1KB")
			.run((context) -> {
				JobQueueProperties properties = context.getBean(JobQueueProperties.class);
				assertThat(properties.getWorker().getConcurrency()).isEqualTo(2);
				assertThat(properties.getWorker().getClaimTimeout()).isEqualTo(Duration.ofMillis(200));
				assertThat(properties.getWorker().getShutdownTimeout()).isEqualTo(Duration.ofSeconds(3));
				assertThat(properties.getWorker().isLeaseExtension()).isFalse();
				assertThat(properties.getReclaimer().getInterval()).isEqualTo(Duration.ofMillis(250));
				assertThat(properties.getProducer().getMaxPayloadSize().toBytes()).isEqualTo(2048);
				QueueSettingsResolver settings = QueueConfigMapper.resolver(properties);
				assertThat(settings.getWorkerSettings("emails"))
					.isEqualTo(new JobWorkerSettings(7, Duration.ofMillis(300), Duration.ofSeconds(4), true, true));
				assertThat(settings.getReclaimInterval("emails")).isEqualTo(Duration.ofSeconds(2));
				assertThat(settings.getQueueSettings("emails").maxPayloadBytes()).isEqualTo(1024);
			});
	}

	@ParameterizedTest(name = "{0}={1}")
	@CsvSource(delimiter = '|', textBlock = """
			jobqueue.key-prefix                          | a:b   | jobqueue.key-prefix
			jobqueue.visibility-timeout                  | 0ms   | jobqueue.visibility-timeout
			jobqueue.max-attempts                        | 0     | jobqueue.max-attempts
			jobqueue.history-size                        | 0     | jobqueue.history-size
			jobqueue.finished-ttl                        | 0     | jobqueue.finished-ttl
			jobqueue.worker.concurrency                  | 0     | jobqueue.worker.concurrency
			jobqueue.worker.claim-timeout                | 0ms   | jobqueue.worker.claim-timeout
			jobqueue.worker.shutdown-timeout             | -1s   | jobqueue.worker.shutdown-timeout
			jobqueue.worker.kind-field                   | ' '   | jobqueue.worker.kind-field
			jobqueue.reclaimer.interval                  | 0ms   | jobqueue.reclaimer.interval
			jobqueue.producer.max-payload-size           | 0B    | jobqueue.producer.max-payload-size
			jobqueue.producer.max-payload-size           | 3GB   | jobqueue.producer.max-payload-size
			jobqueue.producer.wait-for-replicas          | -1    | jobqueue.producer.wait-for-replicas
			jobqueue.producer.wait-timeout               | 0ms   | jobqueue.producer.wait-timeout
			jobqueue.metrics.refresh-interval            | 0ms   | jobqueue.metrics.refresh-interval
			jobqueue.concurrency                         | 0     | jobqueue.worker.concurrency
			jobqueue.queues.emails.key-prefix            | ' '   | jobqueue.queues[emails].key-prefix
			jobqueue.queues.emails.visibility-timeout    | 0ms   | jobqueue.queues[emails].visibility-timeout
			jobqueue.queues.emails.max-attempts          | 0     | jobqueue.queues[emails].max-attempts
			jobqueue.queues.emails.history-size          | 0     | jobqueue.queues[emails].history-size
			jobqueue.queues.emails.finished-ttl          | 0     | jobqueue.queues[emails].finished-ttl
			jobqueue.queues.emails.worker.concurrency    | 0     | jobqueue.queues[emails].worker.concurrency
			jobqueue.queues.emails.worker.claim-timeout  | 0ms   | jobqueue.queues[emails].worker.claim-timeout
			jobqueue.queues.emails.worker.shutdown-timeout | -1s | jobqueue.queues[emails].worker.shutdown-timeout
			jobqueue.queues.emails.reclaimer.interval    | 0ms   | jobqueue.queues[emails].reclaimer.interval
			jobqueue.queues.emails.producer.max-payload-size | 0B | jobqueue.queues[emails].producer.max-payload-size
			jobqueue.queues.emails.concurrency           | 0     | jobqueue.queues[emails].worker.concurrency
			jobqueue.worker.execution-timeout            | 0ms   | jobqueue.worker.execution-timeout
			jobqueue.queues.emails.worker.execution-timeout | 0ms | jobqueue.queues[emails].worker.execution-timeout
			jobqueue.retry.backoff.delay                 | -1s   | jobqueue.retry.backoff.delay
			jobqueue.retry.backoff.multiplier            | 0.5   | jobqueue.retry.backoff.multiplier
			jobqueue.retry.backoff.max-delay             | 10ms  | jobqueue.retry.backoff.max-delay
			jobqueue.retry.backoff.jitter                | -1ms  | jobqueue.retry.backoff.jitter
			jobqueue.retry.not-retryable-exceptions      | com.example.Missing | jobqueue.retry.not-retryable-exceptions
			jobqueue.queues.emails.retry.backoff.delay   | -1s   | jobqueue.queues[emails].retry.backoff.delay
			jobqueue.queues.emails.retry.backoff.multiplier | 0  | jobqueue.queues[emails].retry.backoff.multiplier
			jobqueue.queues.emails.retry.backoff.max-delay | 10ms | jobqueue.queues[emails].retry.backoff.max-delay
			jobqueue.queues.emails.retry.backoff.jitter  | -1ms  | jobqueue.queues[emails].retry.backoff.jitter
			jobqueue.worker.concurrency                  | many  | jobqueue.worker.concurrency
			jobqueue.queues.hot.shards                   | 0     | jobqueue.queues[hot].shards
			jobqueue.queues.hot.shards                   | 1025  | jobqueue.queues[hot].shards
			jobqueue.reclaimer.interval                  | soon  | jobqueue.reclaimer.interval
			""")
	void anInvalidValueFailsStartupNamingItsProperty(String name, String value, String reported) {
		this.contextRunner.withPropertyValues(name + "=" + value).run((context) -> {
			assertThat(context).hasFailed();
			assertThat(context.getStartupFailure()).hasStackTraceContaining(reported);
		});
	}

	@ParameterizedTest(name = "{0}={1}")
	@CsvSource(delimiter = '|', textBlock = """
			queue        | ' '              | jobqueue.schedules[nightly].queue | must be set
			cron         | 'not a cron'     | jobqueue.schedules[nightly].cron  | not a valid cron expression
			rate         | 5s               | jobqueue.schedules[nightly].rate  | exactly one of cron and rate
			rate         | 0ms              | jobqueue.schedules[hourly].rate   | at least 1ms
			zone         | Mars/Olympus     | jobqueue.schedules[nightly].zone  | not a time zone
			payload      | '{"a":'          | jobqueue.schedules[nightly].payload | not valid JSON
			kind         | other            | jobqueue.schedules[nightly].kind  | differs from the payload
			missed-ticks | sometimes        | jobqueue.schedules.nightly.missed-ticks | sometimes
			""")
	void anInvalidScheduleFailsStartupNamingItsProperty(String property, String value, String reported, String reason) {
		this.contextRunner
			.withPropertyValues("jobqueue.schedules.nightly.queue=reports",
					"jobqueue.schedules.nightly.cron=0 0 2 * * *",
					"jobqueue.schedules.nightly.payload={\"kind\":\"nightly\"}",
					"jobqueue.schedules.hourly.queue=reports", "jobqueue.schedules.hourly.rate=1h")
			.withPropertyValues((property.equals("rate") && value.equals("0ms") ? "jobqueue.schedules.hourly."
					: "jobqueue.schedules.nightly.") + property + "=" + value)
			.run((context) -> {
				assertThat(context).hasFailed();
				assertThat(context.getStartupFailure()).hasStackTraceContaining(reported)
					.hasStackTraceContaining(reason);
			});
	}

	@Test
	void schedulesBindAndTurnIntoJobSchedules() {
		this.contextRunner
			.withPropertyValues("jobqueue.schedules.nightly.queue=reports", "jobqueue.schedules.nightly.kind=nightly",
					"jobqueue.schedules.nightly.cron=0 0 2 * * *", "jobqueue.schedules.nightly.zone=Europe/Paris",
					"jobqueue.schedules.nightly.payload={\"format\":\"pdf\"}", "jobqueue.schedules.ping.queue=pings",
					"jobqueue.schedules.ping.rate=30s", "jobqueue.schedules.ping.missed-ticks=skip",
					"jobqueue.schedules.off.queue=pings", "jobqueue.schedules.off.rate=1s",
					"jobqueue.schedules.off.enabled=false")
			.run((context) -> {
				List<JobSchedule> schedules = PropertySchedules.schedules(context.getBean(JobQueueProperties.class));
				assertThat(schedules).extracting(JobSchedule::name).containsExactly("nightly", "ping");
				JobSchedule nightly = schedules.get(0);
				assertThat(nightly.queue()).isEqualTo("reports");
				assertThat(nightly.zone()).isEqualTo(ZoneId.of("Europe/Paris"));
				assertThat(nightly.payload()).isEqualTo("{\"format\":\"pdf\",\"kind\":\"nightly\"}");
				assertThat(nightly.missedTicks()).isEqualTo(MissedTickPolicy.RUN_ONCE);
				JobSchedule ping = schedules.get(1);
				assertThat(ping.rate()).isEqualTo(Duration.ofSeconds(30));
				assertThat(ping.payload()).isEqualTo("{}");
				assertThat(ping.missedTicks()).isEqualTo(MissedTickPolicy.SKIP);
			});
	}

	@Test
	void aShardedQueueCannotHaveAQueueWideLimit() {
		this.contextRunner.withPropertyValues("jobqueue.queues.hot.shards=3", "jobqueue.queues.hot.max-concurrency=5")
			.run((context) -> assertThat(context.getStartupFailure()).rootCause()
				.hasMessageContaining("jobqueue.queues[hot].shards")
				.hasMessageContaining("cannot be combined with a queue-wide limit"));
	}

	@Test
	void everyInvalidValueIsReportedAtOnce() {
		this.contextRunner.withPropertyValues("jobqueue.worker.concurrency=0", "jobqueue.max-attempts=0")
			.run((context) -> assertThat(context.getStartupFailure()).rootCause()
				.isInstanceOf(BindValidationException.class)
				.hasMessageContaining("worker.concurrency")
				.hasMessageContaining("max-attempts"));
	}

	@Configuration(proxyBeanMethods = false)
	@EnableConfigurationProperties(JobQueueProperties.class)
	static class PropertiesConfiguration {

	}

}
