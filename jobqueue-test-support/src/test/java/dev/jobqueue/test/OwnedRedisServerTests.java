package dev.jobqueue.test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.jobqueue.launcher.RedisExecutables;
import dev.jobqueue.test.RedisTestServers.Flavour;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import java.nio.file.Files;
import java.util.function.Consumer;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class OwnedRedisServerTests {

	@ParameterizedTest
	@EnumSource(names = { "PATH", "EMBEDDED" })
	void killThenRestartKeepsTheDataWhenAppendOnlyIsOn(Flavour flavour) {
		try (OwnedRedisServer server = start(flavour, RedisServerOptions.defaults().withAppendOnly(true))) {
			int port = server.port();
			withCommands(server, redis -> redis.set("jobqueue-test:aof", "kept"));

			server.kill();
			assertThat(server.isAlive()).isFalse();
			assertThat(Resp.portClosed(server.host(), port)).isTrue();

			server.restart();
			assertThat(server.port()).isEqualTo(port);
			assertThat(server.isAlive()).isTrue();
			withCommands(server, redis -> assertThat(redis.get("jobqueue-test:aof")).isEqualTo("kept"));
		}
	}

	@ParameterizedTest
	@EnumSource(names = { "PATH", "EMBEDDED" })
	void killThenRestartLosesTheDataWhenAppendOnlyIsOff(Flavour flavour) {
		try (OwnedRedisServer server = start(flavour, RedisServerOptions.defaults())) {
			withCommands(server, redis -> redis.set("jobqueue-test:volatile", "gone"));

			server.kill();
			server.restart();

			withCommands(server, redis -> assertThat(redis.get("jobqueue-test:volatile")).isNull());
		}
	}

	@ParameterizedTest
	@EnumSource(names = { "PATH", "EMBEDDED" })
	void stopClosesThePortAndRestartOpensTheSamePortAgain(Flavour flavour) {
		OwnedRedisServer server = start(flavour, RedisServerOptions.defaults());
		try {
			server.stop();
			assertThat(Resp.portClosed(server.host(), server.port())).isTrue();
			server.stop();

			server.restart();
			assertThat(Resp.pingOk(server.host(), server.port(), null)).isTrue();

			server.restart();
			assertThat(Resp.pingOk(server.host(), server.port(), null)).isTrue();
		}
		finally {
			server.close();
		}
		assertThat(Resp.portClosed(server.host(), server.port())).isTrue();
	}

	@ParameterizedTest
	@EnumSource(names = { "PATH", "EMBEDDED" })
	void theOptionsReachTheServer(Flavour flavour) throws Exception {
		RedisServerOptions options = RedisServerOptions.defaults()
			.withAppendOnly(true)
			.withMaxmemoryPolicy("allkeys-lru")
			.withArgs("--maxmemory", "64mb");
		try (OwnedRedisServer server = start(flavour, options)) {
			String dir = server.dir().toRealPath().toString();
			withCommands(server, redis -> {
				assertThat(redis.configGet("appendonly")).containsEntry("appendonly", "yes");
				assertThat(redis.configGet("maxmemory-policy")).containsEntry("maxmemory-policy", "allkeys-lru");
				assertThat(redis.configGet("maxmemory")).containsEntry("maxmemory", Long.toString(64L * 1024 * 1024));
				assertThat(redis.configGet("save")).containsEntry("save", "");
				assertThat(redis.configGet("bind").get("bind")).isEqualTo("127.0.0.1");
				assertThat(redis.configGet("dir")).containsEntry("dir", dir);
			});
			assertThat(server.dir().resolve("redis.log")).exists();
		}
	}

	@ParameterizedTest
	@EnumSource(names = { "PATH", "EMBEDDED" })
	void aServerThatCannotStartFailsWithTheTailOfItsLog(Flavour flavour) {
		assumeTrue(flavour != Flavour.PATH || RedisExecutables.onPath("redis-server").isPresent(),
				"no redis-server on the PATH");
		RedisServerOptions options = RedisServerOptions.defaults().withArgs("--no-such-directive", "1");

		assertThatThrownBy(() -> RedisTestServers.startOwned(flavour, options))
			.isInstanceOf(IllegalStateException.class)
			.hasMessageContaining("exited with code")
			.hasMessageContaining("no-such-directive")
			.hasMessageContaining("redis.log");
	}

	@ParameterizedTest
	@EnumSource(names = { "PATH", "EMBEDDED" })
	void stopKeepsTheDirectoryAndCloseDeletesIt(Flavour flavour) {
		OwnedRedisServer server = start(flavour, RedisServerOptions.defaults().withAppendOnly(true));
		server.stop();
		assertThat(Files.isDirectory(server.dir())).isTrue();
		server.restart();
		assertThat(server.isAlive()).isTrue();
		server.close();
		assertThat(server.isAlive()).isFalse();
		assertThat(server.dir()).doesNotExist();
	}

	private static OwnedRedisServer start(Flavour flavour, RedisServerOptions options) {
		assumeTrue(flavour != Flavour.PATH || RedisExecutables.onPath("redis-server").isPresent(),
				"no redis-server on the PATH");
		OwnedRedisServer server = RedisTestServers.startOwned(flavour, options);
		assertThat(server.source()).isEqualTo(flavour.toString());
		return server;
	}

	private static void withCommands(RedisTestServer server, Consumer<RedisCommands<String, String>> body) {
		RedisClient client = server.newLettuceClient();
		try (StatefulRedisConnection<String, String> connection = client.connect()) {
			body.accept(connection.sync());
		}
		finally {
			client.shutdown();
		}
	}

}
