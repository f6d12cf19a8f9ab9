package dev.jobqueue.launcher;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

/**
 * Tests for {@link RedisServerLauncher} and {@link RedisServerProcess}, on real
 * {@code redis-server} processes.
 */
class RedisServerProcessTests {

	@Test
	void startsOnAFreePortAndStopClosesThePortAndDeletesTheTemporaryDirectory() throws IOException {
		RedisServerProcess redis = RedisServerLauncher.onPathOrEmbedded().name("plain").start();
		Path dir = redis.directory();
		try {
			assertThat(redis.isAlive()).isTrue();
			assertThat(redis.port()).isBetween(20000, 32767);
			assertThat(redis.version()).matches("\\d+\\.\\d+\\.\\d+.*");
			assertThat(command(redis.port(), "PING")).isEqualTo("+PONG");
		}
		finally {
			redis.close();
		}
		assertThat(redis.isAlive()).isFalse();
		assertThat(accepts(redis.port())).isFalse();
		assertThat(dir).doesNotExist();
		redis.close();
	}

	@Test
	void aKilledServerRestartsOnTheSamePortWithItsAppendOnlyData() throws IOException {
		try (RedisServerProcess redis = RedisServerLauncher.onPathOrEmbedded()
			.name("aof")
			.arguments("--appendonly", "yes", "--appendfsync", "always")
			.start()) {
			assertThat(command(redis.port(), "SET", "k", "kept")).isEqualTo("+OK");
			long pid = redis.pid();
			redis.kill();
			assertThat(redis.isAlive()).isFalse();
			assertThat(accepts(redis.port())).isFalse();

			redis.restart();
			assertThat(redis.pid()).isNotEqualTo(pid);
			assertThat(command(redis.port(), "GET", "k")).isEqualTo("$4");
			assertThat(Files.readString(redis.logFile())).contains("DB loaded from append only file");
		}
	}

	@Test
	void aFrozenServerAnswersNothingUntilItIsThawed() throws IOException {
		try (RedisServerProcess redis = RedisServerLauncher.onPathOrEmbedded().name("frozen").start()) {
			redis.freeze();
			assertThatExceptionOfType(SocketTimeoutException.class)
				.isThrownBy(() -> command(redis.port(), 1000, "PING"));
			redis.thaw();
			assertThat(command(redis.port(), "PING")).isEqualTo("+PONG");
			redis.freeze();
		}
	}

	@Test
	void runsTheBinaryShippedInTheEmbeddedRedisJar() throws IOException {
		try (RedisServerProcess redis = RedisServerLauncher.of(RedisExecutables.embedded()).name("embedded").start()) {
			assertThat(redis.executable().getFileName().toString()).startsWith("redis-server-");
			assertThat(redis.version()).isNotEqualTo("unknown");
			assertThat(command(redis.port(), "PING")).isEqualTo("+PONG");
		}
	}

	@Test
	void aServerThatCannotStartFailsWithItsCommandLineAndLog() {
		assertThatIllegalStateException()
			.isThrownBy(
					() -> RedisServerLauncher.onPathOrEmbedded().name("bad").arguments("--no-such-option", "1").start())
			.withMessageContaining("bad (127.0.0.1:")
			.withMessageContaining("exited with code")
			.withMessageContaining("--no-such-option 1")
			.withMessageContaining("no-such-option");
	}

	@Test
	void aFixedPortThatIsTakenFailsClearly(@TempDir Path root) throws IOException {
		try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
			assertThatIllegalStateException()
				.isThrownBy(() -> RedisServerLauncher.onPathOrEmbedded()
					.name("taken")
					.port(taken.getLocalPort())
					.workRoot(root)
					.start())
				.withMessageContaining("Address already in use");
		}
	}

	@Test
	void aServerUnderAWorkRootKeepsItsDirectoryAndLog(@TempDir Path root) {
		RedisServerProcess redis = RedisServerLauncher.onPathOrEmbedded().name("kept").workRoot(root).start();
		redis.close();
		assertThat(redis.directory().getParent()).isEqualTo(root);
		assertThat(redis.logFile()).content().contains("Ready to accept connections");
	}

	@Test
	void theLogFileAndDaemonizeAreTheLaunchersToSet() {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> RedisServerLauncher.onPathOrEmbedded().arguments("--logfile", "x.log"));
		assertThatIllegalArgumentException()
			.isThrownBy(() -> RedisServerLauncher.onPathOrEmbedded().arguments("--daemonize", "yes"));
	}

	/** Sends one command and returns the first line of the reply. */
	static String command(int port, String... args) throws IOException {
		return command(port, 30_000, args);
	}

	private static String command(int port, int readTimeoutMillis, String... args) throws IOException {
		try (Socket socket = new Socket()) {
			socket.connect(new InetSocketAddress("127.0.0.1", port), 5000);
			socket.setSoTimeout(readTimeoutMillis);
			StringBuilder request = new StringBuilder("*" + args.length + "\r\n");
			for (String arg : args) {
				request.append('$')
					.append(arg.getBytes(StandardCharsets.UTF_8).length)
					.append("\r\n")
					.append(arg)
					.append("\r\n");
			}
			OutputStream out = socket.getOutputStream();
			out.write(request.toString().getBytes(StandardCharsets.UTF_8));
			out.flush();
			return new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8))
				.readLine();
		}
	}

	private static boolean accepts(int port) {
		try (Socket socket = new Socket()) {
			socket.connect(new InetSocketAddress("127.0.0.1", port), 1000);
			return true;
		}
		catch (IOException ex) {
			return false;
		}
	}

}
