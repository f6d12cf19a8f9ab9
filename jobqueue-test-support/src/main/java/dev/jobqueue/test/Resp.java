package dev.jobqueue.test;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * A minimal RESP client over a plain socket, used to probe servers without starting
 * Lettuce's event loops.
 */
final class Resp {

	private static final int CONNECT_TIMEOUT_MS = 250;

	private static final int READ_TIMEOUT_MS = 5_000;

	private Resp() {
	}

	/**
	 * Sends one command and returns its reply: simple strings, integers and bulk strings
	 * as text, errors as {@code -ERR ...}.
	 */
	static @Nullable String command(String host, int port, @Nullable String password, String... args)
			throws IOException {
		try (Socket socket = new Socket()) {
			socket.connect(new InetSocketAddress(host, port), CONNECT_TIMEOUT_MS);
			socket.setSoTimeout(READ_TIMEOUT_MS);
			OutputStream out = socket.getOutputStream();
			InputStream in = new BufferedInputStream(socket.getInputStream());
			if (password != null) {
				write(out, "AUTH", password);
				String auth = readReply(in);
				if (auth == null || auth.startsWith("-")) {
					return auth;
				}
			}
			write(out, args);
			return readReply(in);
		}
	}

	/**
	 * Whether the server answers PING with PONG (not LOADING or any other error) right
	 * now.
	 */
	static boolean pingOk(String host, int port, @Nullable String password) {
		try {
			return "PONG".equals(command(host, port, password, "PING"));
		}
		catch (IOException e) {
			return false;
		}
	}

	/** Whether nothing accepts TCP connections on the port any more. */
	static boolean portClosed(String host, int port) {
		try (Socket socket = new Socket()) {
			socket.connect(new InetSocketAddress(host, port), CONNECT_TIMEOUT_MS);
			return false;
		}
		catch (ConnectException e) {
			return true;
		}
		catch (SocketTimeoutException e) {
			return false;
		}
		catch (IOException e) {
			return true;
		}
	}

	/** The {@code redis_version} field of an {@code INFO server} reply. */
	static String versionFromInfo(@Nullable String info) {
		if (info != null) {
			for (String line : info.split("\r?\n")) {
				if (line.startsWith("redis_version:")) {
					return line.substring("redis_version:".length()).trim();
				}
			}
		}
		throw new IllegalStateException("No redis_version in INFO server reply: " + info);
	}

	private static void write(OutputStream out, String... args) throws IOException {
		ByteArrayOutputStream request = new ByteArrayOutputStream();
		request.writeBytes(("*" + args.length + "\r\n").getBytes(StandardCharsets.UTF_8));
		for (String arg : args) {
			byte[] bytes = arg.getBytes(StandardCharsets.UTF_8);
			request.writeBytes(("$" + bytes.length + "\r\n").getBytes(StandardCharsets.UTF_8));
			request.writeBytes(bytes);
			request.writeBytes("\r\n".getBytes(StandardCharsets.UTF_8));
		}
		out.write(request.toByteArray());
		out.flush();
	}

	private static @Nullable String readReply(InputStream in) throws IOException {
		int type = in.read();
		if (type < 0) {
			throw new IOException("Connection closed before a reply");
		}
		String line = readLine(in);
		switch (type) {
			case '+':
			case ':':
				return line;
			case '-':
				return "-" + line;
			case '$': {
				int length = Integer.parseInt(line);
				if (length < 0) {
					return null;
				}
				byte[] data = in.readNBytes(length + 2);
				if (data.length != length + 2) {
					throw new IOException("Connection closed inside a bulk reply");
				}
				return new String(data, 0, length, StandardCharsets.UTF_8);
			}
			default:
				throw new IOException(
						String.format(Locale.ROOT, "Unexpected RESP reply type '%c': %s", (char) type, line));
		}
	}

	private static String readLine(InputStream in) throws IOException {
		ByteArrayOutputStream buffer = new ByteArrayOutputStream();
		int previous = -1;
		while (true) {
			int b = in.read();
			if (b < 0) {
				throw new IOException("Connection closed inside a reply line");
			}
			if (previous == '\r' && b == '\n') {
				byte[] bytes = buffer.toByteArray();
				return new String(bytes, 0, bytes.length - 1, StandardCharsets.UTF_8);
			}
			buffer.write(b);
			previous = b;
		}
	}

}
