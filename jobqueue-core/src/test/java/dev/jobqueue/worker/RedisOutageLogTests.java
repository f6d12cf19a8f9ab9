package dev.jobqueue.worker;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.spi.ILoggingEvent;
import org.apache.commons.logging.LogFactory;
import org.junit.jupiter.api.Test;

import org.springframework.data.redis.RedisConnectionFailureException;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests of {@link RedisOutageLog}.
 */
class RedisOutageLogTests {

	private final AtomicLong now = new AtomicLong();

	@Test
	void logsTheStartASummaryEveryThirtySecondsAndTheRecovery() {
		try (CapturedLog log = CapturedLog.of(RedisOutageLogTests.class)) {
			RedisOutageLog outage = new RedisOutageLog(LogFactory.getLog(RedisOutageLogTests.class),
					"Claiming from queue 'q'", this.now::get);
			RedisConnectionFailureException down = new RedisConnectionFailureException("Unable to connect");
			for (int second = 0; second < 65; second++) {
				outage.failed(down, "trying again");
				this.now.addAndGet(TimeUnit.SECONDS.toNanos(1));
			}
			outage.succeeded();
			outage.succeeded();

			assertThat(log.events()).extracting(ILoggingEvent::getLevel)
				.containsExactly(Level.WARN, Level.WARN, Level.WARN, Level.INFO);
			assertThat(log.events()).allSatisfy((event) -> assertThat(event.getThrowableProxy()).isNull());
			assertThat(log.events().get(0).getFormattedMessage()).startsWith(
					"Claiming from queue 'q' failed: RedisConnectionFailureException: Unable to connect; trying again");
			assertThat(log.events().get(1).getFormattedMessage()).startsWith(
					"Claiming from queue 'q' still failing after 30.0 s: 30 failed tries since the last report");
			assertThat(log.events().get(3).getFormattedMessage())
				.isEqualTo("Claiming from queue 'q' works again after 65.0 s and 65 failed tries");
		}
	}

}
