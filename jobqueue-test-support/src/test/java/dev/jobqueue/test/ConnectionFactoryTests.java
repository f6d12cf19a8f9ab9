package dev.jobqueue.test;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jobqueue.test.RedisTestServers.Flavour;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.core.StringRedisTemplate;

class ConnectionFactoryTests {

	@Test
	void aNewConnectionFactoryForTheSharedServerIsStartedAndWorks() {
		RedisTestServer server = RedisTestServers.shared();
		LettuceConnectionFactory factory = server.newConnectionFactory();
		try {
			assertThat(factory.isRunning()).isTrue();
			assertThat(factory.getHostName()).isEqualTo(server.host());
			assertThat(factory.getPort()).isEqualTo(server.port());
			StringRedisTemplate redis = new StringRedisTemplate(factory);
			String key = "jobqueue-test:factory:" + UUID.randomUUID();
			redis.opsForValue().set(key, "value");
			assertThat(redis.opsForValue().get(key)).isEqualTo("value");
			assertThat(redis.delete(key)).isTrue();
		}
		finally {
			factory.destroy();
		}
	}

	@Test
	void eachCallReturnsAFreshFactory() {
		RedisTestServer server = RedisTestServers.shared();
		LettuceConnectionFactory first = server.newConnectionFactory();
		LettuceConnectionFactory second = server.newConnectionFactory();
		try {
			assertThat(first).isNotSameAs(second);
			first.destroy();
			assertThat(new StringRedisTemplate(second).hasKey("jobqueue-test:absent:" + UUID.randomUUID())).isFalse();
		}
		finally {
			second.destroy();
		}
	}

	@Test
	void aFactoryForAPasswordProtectedOwnedServerAuthenticates() {
		RedisServerOptions options = RedisServerOptions.defaults().withArgs("--requirepass", "pa ss@word");
		try (OwnedRedisServer server = RedisTestServers.startOwned(Flavour.AUTO, options)) {
			assertThat(server.uri()).isEqualTo("redis://:pa%20ss%40word@127.0.0.1:" + server.port());
			LettuceConnectionFactory factory = server.newConnectionFactory();
			try {
				StringRedisTemplate redis = new StringRedisTemplate(factory);
				redis.opsForValue().set("k", "v");
				assertThat(redis.opsForValue().get("k")).isEqualTo("v");
			}
			finally {
				factory.destroy();
			}
			assertThat(RedisEndpoint.parse(server.uri()).password()).isEqualTo("pa ss@word");
		}
	}

}
