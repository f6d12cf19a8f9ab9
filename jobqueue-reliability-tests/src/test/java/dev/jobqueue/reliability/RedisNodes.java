package dev.jobqueue.reliability;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import dev.jobqueue.launcher.RedisExecutables;
import dev.jobqueue.launcher.RedisServerLauncher;
import dev.jobqueue.launcher.RedisServerProcess;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
import org.junit.jupiter.api.Assumptions;

/**
 * Starts the {@code redis-server} processes of these tests (plain servers, replicas,
 * cluster nodes, Sentinels) from the PATH, each in its own directory under
 * {@code target/reliability} where its log stays for diagnosis. The test fixture covers a
 * single server; topologies need several, with their own arguments.
 */
final class RedisNodes {

	private RedisNodes() {
	}

	/**
	 * A launcher for the {@code redis-server} on the PATH, with its directory under the
	 * work directory; aborts the test when there is none (the CI script installs it).
	 * @param name a name for the directory and messages, for example {@code sentinel-1}
	 * @return the launcher
	 */
	static RedisServerLauncher launcher(String name) {
		return RedisServerLauncher.of(Path.of(executable("redis-server"))).name(name).workRoot(workRoot());
	}

	/**
	 * Starts a plain server (or a replica, or a cluster node, given arguments) on a free
	 * port, with {@code maxmemory-policy noeviction} and no replication delay.
	 * @param name a name for the directory and messages
	 * @param arguments further {@code redis-server} arguments
	 * @return the running server
	 */
	static RedisServerProcess server(String name, String... arguments) {
		return serverLauncher(name, arguments).start();
	}

	/**
	 * Starts a plain server on the given port, as {@link #server(String, String...)}
	 * does.
	 * @param name a name for the directory and messages
	 * @param port the port
	 * @param arguments further {@code redis-server} arguments
	 * @return the running server
	 */
	static RedisServerProcess server(String name, int port, String... arguments) {
		return serverLauncher(name, arguments).port(port).start();
	}

	private static RedisServerLauncher serverLauncher(String name, String... arguments) {
		List<String> all = new ArrayList<>(
				List.of("--maxmemory-policy", "noeviction", "--repl-diskless-sync-delay", "0"));
		all.addAll(List.of(arguments));
		return launcher(name).arguments(all);
	}

	/**
	 * Returns the absolute path of a Redis program on the PATH, or aborts the test.
	 * @param name {@code redis-server} or {@code redis-cli}
	 * @return the path
	 */
	static String executable(String name) {
		return RedisExecutables.onPath(name).orElseGet(() -> {
			Assumptions.abort(name + " is not on the PATH; these tests need a real Redis 7 installation");
			throw new IllegalStateException("unreachable");
		}).toString();
	}

	/**
	 * Creates a fresh directory under the work directory, for worker logs and
	 * certificates.
	 * @param name the directory name's start
	 * @return the directory
	 */
	static Path newDirectory(String name) {
		try {
			Files.createDirectories(workRoot());
			return Files.createTempDirectory(workRoot(), name + "-");
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/**
	 * Reads one {@code INFO} section over a short-lived plain-text connection.
	 * @param node the server
	 * @param section the section
	 * @return the reply
	 */
	static String info(RedisServerProcess node, String section) {
		RedisClient client = RedisClient.create(uri(node));
		try (StatefulRedisConnection<String, String> connection = client.connect()) {
			return connection.sync().info(section);
		}
		finally {
			client.shutdown(Duration.ZERO, Duration.ofSeconds(1));
		}
	}

	/**
	 * A Lettuce URI for a node, with a command timeout generous enough for a loaded
	 * machine.
	 * @param node the server
	 * @return the URI
	 */
	static RedisURI uri(RedisServerProcess node) {
		return RedisURI.builder()
			.withHost(node.host())
			.withPort(node.port())
			.withTimeout(Duration.ofSeconds(30))
			.build();
	}

	private static Path workRoot() {
		return Path.of(System.getProperty("jobqueue.reliability.work-dir",
				System.getProperty("java.io.tmpdir") + "/jobqueue-reliability"));
	}

}
