package dev.jobqueue.test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.jspecify.annotations.Nullable;

/**
 * A {@code redis-server} child process that the tests started, so they can stop, kill and
 * restart it.
 */
final class OwnedRedisServer extends AbstractRedisTestServer {

	static final Duration START_TIMEOUT = Duration.ofSeconds(10);
	static final Duration STOP_TIMEOUT = Duration.ofSeconds(10);

	private static final long POLL_MILLIS = 20;

	private static final int PORT_ATTEMPTS = 3;

	private static final int LOG_TAIL_LINES = 40;

	private final String source;

	private final Path executable;

	private final RedisServerOptions options;

	private final Path dir;

	private final Path logFile;

	private final RedisEndpoint endpoint;

	private final Runnable cleanup = this::destroyAndDelete;

	private @Nullable Process process;

	private String version = "unknown";

	private OwnedRedisServer(String source, Path executable, RedisServerOptions options, Path dir, int port) {
		this.source = source;
		this.executable = executable;
		this.options = options;
		this.dir = dir;
		this.logFile = dir.resolve("redis.log");
		this.endpoint = RedisEndpoint.local(port, requirePass(options));
	}

	/**
	 * Starts {@code executable} on a free loopback port in a new temporary directory and
	 * waits until it answers PING.
	 */
	static OwnedRedisServer start(String source, Path executable, RedisServerOptions options) {
		Path dir;
		try {
			dir = Files.createTempDirectory("jobqueue-redis-");
		}
		catch (IOException e) {
			throw new UncheckedIOException("Could not create a directory for redis-server", e);
		}
		IllegalStateException failure = null;
		for (int attempt = 1; attempt <= PORT_ATTEMPTS; attempt++) {
			OwnedRedisServer server = new OwnedRedisServer(source, executable, options, dir, freePort());
			Cleanup.register(server.cleanup);
			try {
				Files.deleteIfExists(server.logFile);
				server.launch();
				return server;
			}
			catch (IOException e) {
				Cleanup.unregister(server.cleanup);
				server.destroyAndDelete();
				throw new UncheckedIOException(e);
			}
			catch (PortTakenException e) {
				// another process took the free port between our check and redis-server's
				// bind: try another one
				Cleanup.unregister(server.cleanup);
				failure = e;
			}
			catch (RuntimeException e) {
				Cleanup.unregister(server.cleanup);
				server.destroyAndDelete();
				throw e;
			}
		}
		Cleanup.deleteRecursively(dir);
		throw new IllegalStateException("redis-server could not bind a free port in " + PORT_ATTEMPTS + " attempts",
				failure);
	}

	@Override
	RedisEndpoint endpoint() {
		return endpoint;
	}

	@Override
	public synchronized String version() {
		return version;
	}

	@Override
	public String source() {
		return source;
	}

	@Override
	public boolean owned() {
		return true;
	}

	Path executable() {
		return executable;
	}

	Path dir() {
		return dir;
	}

	RedisServerOptions options() {
		return options;
	}

	synchronized boolean isAlive() {
		Process p = process;
		return p != null && p.isAlive();
	}

	@Override
	public synchronized void stop() {
		Process p = process;
		if (p != null && p.isAlive()) {
			try {
				Resp.command(host(), port(), endpoint.password(), "SHUTDOWN", "NOSAVE");
			}
			catch (IOException e) {
				// SHUTDOWN closes the connection without a reply; a dead socket means the
				// same
			}
			if (!waitFor(p, STOP_TIMEOUT)) {
				p.destroyForcibly();
				waitFor(p, STOP_TIMEOUT);
			}
		}
		process = null;
		awaitPortClosed();
	}

	@Override
	public synchronized void kill() {
		Process p = process;
		if (p != null) {
			p.destroyForcibly();
			if (!waitFor(p, STOP_TIMEOUT)) {
				throw new IllegalStateException("redis-server pid " + p.pid() + " did not die within " + STOP_TIMEOUT);
			}
		}
		process = null;
		awaitPortClosed();
	}

	@Override
	public synchronized void restart() {
		if (isAlive()) {
			stop();
		}
		launch();
	}

	@Override
	public void close() {
		stop();
	}

	/**
	 * Starts the process on this server's port and waits until it answers PING; used for
	 * the first start and restarts.
	 */
	private synchronized void launch() {
		List<String> command = new ArrayList<>(List.of(executable.toString(), "--port", Integer.toString(port()),
				"--bind", "127.0.0.1", "--save", "", "--appendonly", options.appendOnly() ? "yes" : "no",
				"--maxmemory-policy", options.maxmemoryPolicy(), "--dir", dir.toString()));
		command.addAll(options.extraArgs());
		ProcessBuilder builder = new ProcessBuilder(command).directory(dir.toFile())
			.redirectErrorStream(true)
			.redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()))
			.redirectInput(ProcessBuilder.Redirect.from(nullFile()));
		Process p;
		try {
			p = builder.start();
		}
		catch (IOException e) {
			throw new IllegalStateException("Could not run " + command, e);
		}
		process = p;
		long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
		while (!Resp.pingOk(host(), port(), endpoint.password())) {
			if (!p.isAlive()) {
				process = null;
				String tail = logTail();
				if (tail.contains("Address already in use")) {
					throw new PortTakenException("port " + port() + " is taken:\n" + tail);
				}
				throw new IllegalStateException("redis-server exited with code " + p.exitValue() + " on start: "
						+ String.join(" ", command) + "\n--- " + logFile + " ---\n" + tail);
			}
			if (System.nanoTime() > deadline) {
				p.destroyForcibly();
				waitFor(p, STOP_TIMEOUT);
				process = null;
				throw new IllegalStateException("redis-server did not answer PING on port " + port() + " within "
						+ START_TIMEOUT + ": " + String.join(" ", command) + "\n--- " + logFile + " ---\n" + logTail());
			}
			try {
				p.waitFor(POLL_MILLIS, TimeUnit.MILLISECONDS);
			}
			catch (InterruptedException e) {
				Thread.currentThread().interrupt();
				p.destroyForcibly();
				process = null;
				throw new IllegalStateException("Interrupted while waiting for redis-server to start", e);
			}
		}
		try {
			version = Resp.versionFromInfo(Resp.command(host(), port(), endpoint.password(), "INFO", "server"));
		}
		catch (IOException e) {
			throw new UncheckedIOException("Could not read INFO server from " + endpoint, e);
		}
	}

	private void awaitPortClosed() {
		if (!poll(() -> Resp.portClosed(host(), port()), STOP_TIMEOUT)) {
			throw new IllegalStateException(
					"Port " + port() + " is still open " + STOP_TIMEOUT + " after stopping redis-server");
		}
	}

	/**
	 * The shutdown-hook task: ends the process quickly (SIGTERM, then SIGKILL) and
	 * deletes the data directory.
	 */
	private void destroyAndDelete() {
		Process p;
		synchronized (this) {
			p = process;
			process = null;
		}
		if (p != null && p.isAlive()) {
			p.destroy();
			if (!waitFor(p, Duration.ofSeconds(2))) {
				p.destroyForcibly();
				waitFor(p, Duration.ofSeconds(5));
			}
		}
		Cleanup.deleteRecursively(dir);
	}

	String logTail() {
		try {
			if (!Files.exists(logFile)) {
				return "(no log written)";
			}
			List<String> lines = Files.readAllLines(logFile, StandardCharsets.UTF_8);
			return String.join("\n", lines.subList(Math.max(0, lines.size() - LOG_TAIL_LINES), lines.size()));
		}
		catch (IOException | UncheckedIOException e) {
			return "(could not read " + logFile + ": " + e + ")";
		}
	}

	private static boolean waitFor(Process p, Duration timeout) {
		try {
			return p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
		}
		catch (InterruptedException e) {
			Thread.currentThread().interrupt();
			return !p.isAlive();
		}
	}

	private static boolean poll(BooleanSupplier condition, Duration timeout) {
		long deadline = System.nanoTime() + timeout.toNanos();
		while (!condition.getAsBoolean()) {
			if (System.nanoTime() > deadline) {
				return false;
			}
			try {
				Thread.sleep(POLL_MILLIS);
			}
			catch (InterruptedException e) {
				Thread.currentThread().interrupt();
				return condition.getAsBoolean();
			}
		}
		return true;
	}

	static int freePort() {
		try (ServerSocket socket = new ServerSocket()) {
			socket.setReuseAddress(false);
			socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
			return socket.getLocalPort();
		}
		catch (IOException e) {
			throw new UncheckedIOException("Could not find a free port", e);
		}
	}

	private static java.io.File nullFile() {
		return new java.io.File(System.getProperty("os.name", "").startsWith("Windows") ? "NUL" : "/dev/null");
	}

	private static @Nullable String requirePass(RedisServerOptions options) {
		List<String> args = options.extraArgs();
		for (int i = 0; i < args.size() - 1; i++) {
			if (args.get(i).equalsIgnoreCase("--requirepass")) {
				return args.get(i + 1);
			}
		}
		return null;
	}

	/** redis-server could not bind its port because some other process took it first. */
	private static final class PortTakenException extends IllegalStateException {

		private static final long serialVersionUID = 1L;

		PortTakenException(String message) {
			super(message);
		}

	}

}
