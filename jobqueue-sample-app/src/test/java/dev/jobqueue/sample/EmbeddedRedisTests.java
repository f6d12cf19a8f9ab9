package dev.jobqueue.sample;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link EmbeddedRedis}.
 */
class EmbeddedRedisTests {

	private static final Duration PROBE = Duration.ofSeconds(10);

	@Test
	void startsTheShippedBinaryOnTheGivenPortAndStopsItWhenTold() throws Exception {
		int port = RedisProbeTests.closedPort();
		EmbeddedRedis redis = EmbeddedRedis.start(port);
		try {
			assertThat(redis.port()).isEqualTo(port);
			assertThat(redis.isAlive()).isTrue();
			assertThat(RedisProbe.answers("127.0.0.1", port, PROBE)).isTrue();
		}
		finally {
			redis.stop();
		}
		assertThat(redis.isAlive()).isFalse();
		assertThat(RedisProbe.answers("127.0.0.1", port, PROBE)).isFalse();
		redis.stop();
	}

}
