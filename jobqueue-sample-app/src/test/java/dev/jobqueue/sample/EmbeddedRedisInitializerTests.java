package dev.jobqueue.sample;

import java.time.Duration;

import dev.jobqueue.test.RedisTestServer;
import dev.jobqueue.test.RedisTestServers;
import org.junit.jupiter.api.Test;

import org.springframework.context.support.GenericApplicationContext;
import org.springframework.mock.env.MockEnvironment;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link EmbeddedRedisInitializer}.
 */
class EmbeddedRedisInitializerTests {

	private static final Duration PROBE = Duration.ofSeconds(10);

	@Test
	void startsTheEmbeddedRedisWhenNothingAnswersAndStopsItWhenTheContextCloses() throws Exception {
		int deadPort = RedisProbeTests.closedPort();
		GenericApplicationContext context = context(
				new MockEnvironment().withProperty("spring.data.redis.port", String.valueOf(deadPort)));
		int port;
		try {
			RedisOrigin origin = context.getBean(RedisOrigin.BEAN_NAME, RedisOrigin.class);
			assertThat(origin.embedded()).isTrue();
			assertThat(origin.host()).isEqualTo("127.0.0.1");
			assertThat(origin.note()).contains("no Redis answered at localhost:" + deadPort)
				.contains("com.github.codemonstur:embedded-redis");
			port = context.getEnvironment().getProperty("spring.data.redis.port", Integer.class);
			assertThat(port).isEqualTo(origin.port()).isNotEqualTo(deadPort);
			assertThat(context.getEnvironment().getProperty("spring.data.redis.host")).isEqualTo("127.0.0.1");
			assertThat(RedisProbe.answers("127.0.0.1", port, PROBE)).isTrue();
		}
		finally {
			context.close();
		}
		assertThat(RedisProbe.answers("127.0.0.1", port, PROBE)).isFalse();
	}

	@Test
	void usesTheConfiguredRedisWhenItAnswers() {
		RedisTestServer server = RedisTestServers.shared();
		try (GenericApplicationContext context = context(
				new MockEnvironment().withProperty("spring.data.redis.host", server.host())
					.withProperty("spring.data.redis.port", String.valueOf(server.port())))) {
			RedisOrigin origin = context.getBean(RedisOrigin.BEAN_NAME, RedisOrigin.class);
			assertThat(origin).isEqualTo(new RedisOrigin(server.host(), server.port(), false, null));
			assertThat(context.getEnvironment()
				.getPropertySources()
				.contains(EmbeddedRedisInitializer.PROPERTY_SOURCE_NAME)).isFalse();
		}
	}

	@Test
	void startsNothingWhenToldNever() throws Exception {
		int deadPort = RedisProbeTests.closedPort();
		try (GenericApplicationContext context = context(
				new MockEnvironment().withProperty("spring.data.redis.port", String.valueOf(deadPort))
					.withProperty("sample.embedded-redis", "never"))) {
			RedisOrigin origin = context.getBean(RedisOrigin.BEAN_NAME, RedisOrigin.class);
			assertThat(origin.embedded()).isFalse();
			assertThat(origin.port()).isEqualTo(deadPort);
			assertThat(context.getEnvironment()
				.getPropertySources()
				.contains(EmbeddedRedisInitializer.PROPERTY_SOURCE_NAME)).isFalse();
		}
	}

	@Test
	void startsOneEvenBesideARunningRedisWhenToldAlways() {
		RedisTestServer server = RedisTestServers.shared();
		try (GenericApplicationContext context = context(
				new MockEnvironment().withProperty("spring.data.redis.host", server.host())
					.withProperty("spring.data.redis.port", String.valueOf(server.port()))
					.withProperty("sample.embedded-redis", "always"))) {
			RedisOrigin origin = context.getBean(RedisOrigin.BEAN_NAME, RedisOrigin.class);
			assertThat(origin.embedded()).isTrue();
			assertThat(origin.port()).isNotEqualTo(server.port());
			assertThat(origin.note()).contains("sample.embedded-redis=always");
		}
	}

	@Test
	void leavesAConfiguredUrlAlone() {
		try (GenericApplicationContext context = context(
				new MockEnvironment().withProperty("spring.data.redis.url", "redis://cache.internal:6380"))) {
			RedisOrigin origin = context.getBean(RedisOrigin.BEAN_NAME, RedisOrigin.class);
			assertThat(origin)
				.isEqualTo(new RedisOrigin("cache.internal", 6380, false, "Using spring.data.redis.url."));
		}
	}

	private static GenericApplicationContext context(MockEnvironment environment) {
		GenericApplicationContext context = new GenericApplicationContext();
		context.setEnvironment(environment);
		new EmbeddedRedisInitializer().initialize(context);
		context.refresh();
		return context;
	}

}
