package dev.jobqueue.worker;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import ch.qos.logback.classic.spi.ILoggingEvent;
import org.apache.commons.logging.LogFactory;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests of how {@link JobFailureLogger} keeps a hot failure loop from flooding the log.
 */
class JobFailureLoggerTests {

	private final AtomicLong now = new AtomicLong();

	@Test
	void logsTheTraceOnceAMinuteAndAtMostTenLinesAMinutePerKindOfFailure() {
		try (CapturedLog log = CapturedLog.of(JobFailureLoggerTests.class)) {
			JobFailureLogger logger = new JobFailureLogger(LogFactory.getLog(JobFailureLoggerTests.class),
					this.now::get);
			IllegalStateException failure = new IllegalStateException("boom");
			for (int i = 0; i < 100; i++) {
				logger.failed("Job " + i + " failed for good: boom", failure);
			}
			assertThat(log.events()).hasSize(JobFailureLogger.LINES_PER_WINDOW);
			assertThat(log.events().stream().filter((event) -> event.getThrowableProxy() != null)).hasSize(1);

			this.now.addAndGet(TimeUnit.SECONDS.toNanos(61));
			logger.failed("Job 100 failed for good: boom", failure);

			ILoggingEvent next = log.events().get(log.events().size() - 1);
			assertThat(next.getFormattedMessage())
				.isEqualTo("Job 100 failed for good: boom (90 similar failures were not logged in the last minute)");
			assertThat(next.getThrowableProxy()).isNotNull();
		}
	}

	@Test
	void countsDifferentFailuresApart() {
		try (CapturedLog log = CapturedLog.of(JobFailureLoggerTests.class)) {
			JobFailureLogger logger = new JobFailureLogger(LogFactory.getLog(JobFailureLoggerTests.class),
					this.now::get);
			for (int i = 0; i < 20; i++) {
				logger.retried("Job " + i + " failed: boom", new IllegalStateException("boom"));
				logger.failed("Job " + i + " failed for good: no handler", null);
			}
			assertThat(log.events()).hasSize(2 * JobFailureLogger.LINES_PER_WINDOW);
		}
	}

}
