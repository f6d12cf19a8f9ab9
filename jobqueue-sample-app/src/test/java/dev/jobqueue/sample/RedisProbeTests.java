package dev.jobqueue.sample;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

import dev.jobqueue.test.RedisTestServer;
import dev.jobqueue.test.RedisTestServers;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link RedisProbe}.
 */
class RedisProbeTests {

	/**
	 * Generous for a loaded machine: an answer or a refused connection ends the probe at
	 * once.
	 */
	private static final Duration TIMEOUT = Duration.ofSeconds(10);

	@Test
	void aRunningRedisAnswers() {
		RedisTestServer server = RedisTestServers.shared();
		assertThat(RedisProbe.answers(server.host(), server.port(), TIMEOUT)).isTrue();
	}

	@Test
	void aClosedPortDoesNotAnswer() throws IOException {
		assertThat(RedisProbe.answers("127.0.0.1", closedPort(), TIMEOUT)).isFalse();
	}

	@Test
	void aServerThatIsNotRedisDoesNotCount() throws Exception {
		try (ServerSocket listener = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
			Thread server = new Thread(() -> {
				try (Socket socket = listener.accept()) {
					OutputStream out = socket.getOutputStream();
					out.write("HTTP/1.1 400 Bad Request\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
					out.flush();
				}
				catch (IOException ex) {
					// the probe may close first
				}
			});
			server.start();
			assertThat(RedisProbe.answers("127.0.0.1", listener.getLocalPort(), TIMEOUT)).isFalse();
			server.join(5000);
		}
	}

	@Test
	void aServerThatNeverAnswersTimesOut() throws IOException {
		try (ServerSocket silent = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
			long start = System.nanoTime();
			assertThat(RedisProbe.answers("127.0.0.1", silent.getLocalPort(), Duration.ofMillis(200))).isFalse();
			// only catches a probe that ignores its timeout and waits for ever
			assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(30));
		}
	}

	static int closedPort() throws IOException {
		try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
			return socket.getLocalPort();
		}
	}

}
