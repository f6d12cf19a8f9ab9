package dev.jobqueue.sample;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * Asks whether a Redis answers at an address: a short TCP connect and a {@code PING}. Any
 * RESP reply counts, an error too ({@code -NOAUTH} means a Redis is there and wants a
 * password).
 */
final class RedisProbe {

	private static final byte[] PING = "*1\r\n$4\r\nPING\r\n".getBytes(StandardCharsets.US_ASCII);

	private RedisProbe() {
	}

	static boolean answers(String host, int port, Duration timeout) {
		int millis = (int) Math.max(1, timeout.toMillis());
		try (Socket socket = new Socket()) {
			socket.connect(new InetSocketAddress(host, port), millis);
			socket.setSoTimeout(millis);
			OutputStream out = socket.getOutputStream();
			out.write(PING);
			out.flush();
			InputStream in = socket.getInputStream();
			int first = in.read();
			return first == '+' || first == '-';
		}
		catch (IOException | IllegalArgumentException ex) {
			return false;
		}
	}

}
