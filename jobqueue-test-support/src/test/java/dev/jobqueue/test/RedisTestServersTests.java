package dev.jobqueue.test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeFalse;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.jobqueue.launcher.RedisExecutables;
import dev.jobqueue.launcher.RedisServerLauncher;
import dev.jobqueue.test.RedisTestServers.Flavour;
import dev.jobqueue.test.RedisTestServers.Settings;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class RedisTestServersTests {

	@Test
	void sharedServerAnswersPingAndReportsItsVersion() {
		RedisTestServer server = RedisTestServers.shared();

		assertThat(server.version()).matches("\\d+\\.\\d+\\.\\d+.*");
		assertThat(server.source()).isIn("url", "testcontainers", "path", "embedded");
		assertThat(server.uri()).startsWith("redis").contains(":" + server.port());
		RedisClient client = server.newLettuceClient();
		try (StatefulRedisConnection<String, String> connection = client.connect()) {
			assertThat(connection.sync().ping()).isEqualTo("PONG");
			assertThat(connection.sync().info("server")).contains("redis_version:" + server.version());
		}
		finally {
			client.shutdown();
		}
	}

	@Test
	void sharedServerIsResolvedOnceAndSurvivesCloseByOneTest() {
		RedisTestServer server = RedisTestServers.shared();

		server.close();

		assertThat(RedisTestServers.shared()).isSameAs(server);
		assertThat(Resp.pingOk(server.host(), server.port(), null) || !server.owned()).isTrue();
		assertThatThrownBy(server::stop).isInstanceOf(UnsupportedOperationException.class)
			.hasMessageContaining("startOwned");
		assertThatThrownBy(server::kill).isInstanceOf(UnsupportedOperationException.class);
		assertThatThrownBy(server::restart).isInstanceOf(UnsupportedOperationException.class);
	}

	@Test
	void forcingEmbeddedStartsTheBundledRedis62() {
		try (OwnedRedisServer server = RedisTestServers.startOwned(Flavour.EMBEDDED, RedisServerOptions.defaults())) {
			assertThat(server.source()).isEqualTo("embedded");
			assertThat(server.owned()).isTrue();
			assertThat(server.version()).startsWith("6.2.");
			assertThat(server.host()).isEqualTo("127.0.0.1");
			assertThat(server.uri()).isEqualTo("redis://127.0.0.1:" + server.port());
			assertThat(Resp.pingOk(server.host(), server.port(), null)).isTrue();
		}
	}

	@Test
	void forcingPathStartsTheRedisServerOnThePath() {
		assumeTrue(RedisExecutables.onPath("redis-server").isPresent(), "no redis-server on the PATH");
		try (OwnedRedisServer server = RedisTestServers.startOwned(Flavour.PATH, RedisServerOptions.defaults())) {
			assertThat(server.source()).isEqualTo("path");
			assertThat(server.executable()).isEqualTo(RedisExecutables.onPath("redis-server").orElseThrow());
			assertThat(server.version()).startsWith("7.");
			assertThat(Resp.pingOk(server.host(), server.port(), null)).isTrue();
		}
	}

	@Test
	void startOwnedPrefersThePathAndFallsBackToEmbedded() {
		try (RedisTestServer server = RedisTestServers.startOwned(RedisServerOptions.defaults())) {
			String forced = System.getProperty(RedisTestServers.FLAVOUR_PROPERTY,
					System.getenv(RedisTestServers.FLAVOUR_ENV));
			String expected = "embedded".equalsIgnoreCase(forced) || RedisExecutables.onPath("redis-server").isEmpty()
					? "embedded" : "path";
			assertThat(server.source()).isEqualTo(expected);
			assertThat(server.owned()).isTrue();
		}
	}

	@Test
	void forcedPathAndEmbeddedFlavoursResolveToOwnedServers() {
		SharedRedisServer embedded = RedisTestServers.resolve(new Settings(Flavour.EMBEDDED, null));
		try {
			assertThat(embedded.source()).isEqualTo("embedded");
			assertThat(embedded.owned()).isTrue();
			assertThat(embedded.how()).contains("forced embedded");
		}
		finally {
			embedded.delegate().stop();
		}
	}

	@Test
	void aUrlFromTheEnvironmentIsUsedButNeverStopped() {
		try (OwnedRedisServer real = RedisTestServers.startOwned(Flavour.AUTO, RedisServerOptions.defaults())) {
			for (Flavour flavour : new Flavour[] { Flavour.AUTO, Flavour.URL }) {
				SharedRedisServer server = RedisTestServers.resolve(new Settings(flavour, real.uri()));

				assertThat(server.source()).isEqualTo("url");
				assertThat(server.owned()).isFalse();
				assertThat(server.port()).isEqualTo(real.port());
				assertThat(server.version()).isEqualTo(real.version());
				server.close();
				server.delegate().close();
				assertThatThrownBy(server.delegate()::stop).isInstanceOf(UnsupportedOperationException.class);
				assertThatThrownBy(server.delegate()::kill).isInstanceOf(UnsupportedOperationException.class);
				assertThat(Resp.pingOk(real.host(), real.port(), null)).isTrue();
			}
		}
	}

	@Test
	void aUrlWithCredentialsAndDatabaseIsHonoured() {
		RedisServerOptions options = RedisServerOptions.defaults().withArgs("--requirepass", "s3cret");
		try (OwnedRedisServer real = RedisTestServers.startOwned(Flavour.AUTO, options)) {
			assertThat(real.uri()).isEqualTo("redis://:s3cret@127.0.0.1:" + real.port());
			String url = "redis://:s3cret@127.0.0.1:" + real.port() + "/3";
			SharedRedisServer server = RedisTestServers.resolve(new Settings(Flavour.URL, url));
			assertThat(server.uri()).isEqualTo(url);
			assertThat(server.endpoint().toString()).doesNotContain("s3cret");

			RedisClient client = server.newLettuceClient();
			try (StatefulRedisConnection<String, String> connection = client.connect()) {
				connection.sync().set("jobqueue-test:db3", "yes");
			}
			finally {
				client.shutdown();
			}
			RedisClient db0 = real.newLettuceClient();
			try (StatefulRedisConnection<String, String> connection = db0.connect()) {
				assertThat(connection.sync().get("jobqueue-test:db3")).isNull();
				connection.sync().select(3);
				assertThat(connection.sync().get("jobqueue-test:db3")).isEqualTo("yes");
			}
			finally {
				db0.shutdown();
			}
		}
	}

	@Test
	void aForcedUrlWithoutTheVariableFailsClearly() {
		assertThatThrownBy(() -> RedisTestServers.resolve(new Settings(Flavour.URL, null)))
			.isInstanceOf(IllegalStateException.class)
			.hasMessageContaining("JOBQUEUE_TEST_REDIS_URL");
	}

	@Test
	void aUrlThatDoesNotAnswerFailsClearly() {
		String url = "redis://127.0.0.1:" + RedisServerLauncher.freePort();
		assertThatThrownBy(() -> RedisTestServers.resolve(new Settings(Flavour.AUTO, url)))
			.isInstanceOf(IllegalStateException.class)
			.hasMessageContaining("JOBQUEUE_TEST_REDIS_URL")
			.hasMessageContaining(url);
	}

	@Test
	void forcedTestcontainersWithoutDockerFailsClearlyAndQuickly() {
		long start = System.nanoTime();
		boolean docker = ContainerRedisServer.dockerAvailable(Duration.ofSeconds(5));
		// the check gives up after 5 s; the bound only catches one that hangs
		assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(30));
		assumeFalse(docker, "a Docker engine answers here");

		assertThatThrownBy(() -> RedisTestServers.resolve(new Settings(Flavour.TESTCONTAINERS, null)))
			.isInstanceOf(IllegalStateException.class)
			.hasMessageContaining("no Docker engine");
	}

	@Test
	void anUnknownFlavourIsRejectedWithTheAllowedValues() {
		assertThat(Flavour.parse(null)).isEqualTo(Flavour.AUTO);
		assertThat(Flavour.parse(" Embedded ")).isEqualTo(Flavour.EMBEDDED);
		assertThatThrownBy(() -> Flavour.parse("docker")).isInstanceOf(IllegalArgumentException.class)
			.hasMessageContaining("auto, url, testcontainers, path, embedded")
			.hasMessageContaining("'docker'");
	}

}
