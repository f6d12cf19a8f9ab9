package dev.jobqueue.test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class RedisEndpointTests {

	@Test
	void aPlainUrlHasTheDefaultDatabaseAndNoCredentials() {
		RedisEndpoint endpoint = RedisEndpoint.parse("redis://localhost:6380");

		assertThat(endpoint).isEqualTo(new RedisEndpoint("localhost", 6380, null, null, 0, false));
		assertThat(endpoint.uri()).isEqualTo("redis://localhost:6380");
	}

	@Test
	void aUrlWithoutAPortUsesTheRedisDefault() {
		assertThat(RedisEndpoint.parse("redis://redis.test").port()).isEqualTo(6379);
	}

	@Test
	void userPasswordAndDatabaseAreParsedAndWrittenBack() {
		RedisEndpoint endpoint = RedisEndpoint.parse("rediss://alice:p%40ss@cache:6390/5");

		assertThat(endpoint).isEqualTo(new RedisEndpoint("cache", 6390, "alice", "p@ss", 5, true));
		assertThat(endpoint.uri()).isEqualTo("rediss://alice:p%40ss@cache:6390/5");
		assertThat(endpoint.toString()).isEqualTo("rediss://alice:***@cache:6390/5");
		assertThat(endpoint.redisUri().getDatabase()).isEqualTo(5);
		assertThat(endpoint.redisUri().isSsl()).isTrue();
	}

	@Test
	void aPasswordWithoutAUserIsAccepted() {
		assertThat(RedisEndpoint.parse("redis://:secret@h:1").password()).isEqualTo("secret");
		assertThat(RedisEndpoint.parse("redis://:secret@h:1").username()).isNull();
		assertThat(RedisEndpoint.parse("redis://secret@h:1").password()).isEqualTo("secret");
	}

	@Test
	void somethingThatIsNotARedisUrlIsRejected() {
		assertThatThrownBy(() -> RedisEndpoint.parse("http://h:1")).isInstanceOf(IllegalArgumentException.class);
		assertThatThrownBy(() -> RedisEndpoint.parse("redis://h:1/x")).hasMessageContaining("database number");
	}

}
