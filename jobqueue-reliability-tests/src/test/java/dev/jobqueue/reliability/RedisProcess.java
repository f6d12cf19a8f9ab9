package dev.jobqueue.reliability;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Assumptions;

/**
 * One {@code redis-server} process (a server, a cluster node or a Sentinel) on a loopback
 * port, started from the PATH in its own directory under {@code target/reliability}, with
 * its log kept there for diagnosis. The fixture's owned servers cover a single server;
 * Sentinels need a config file as their first argument and cluster nodes a second port,
 * so the topologies use this class.
 */
final class RedisProcess implements AutoCloseable {

	static final Duration START_TIMEOUT = Duration.ofSeconds(15);

	private static final String READY = "Ready to accept connections";

	private static final String SENTINEL_READY = "Sentinel ID is";

	private final String name;

	private final int port;

	private final Path dir;

	private final List<String> command;

	private Process process;

	private RedisProcess(String name, int port, Path dir, List<String> command) {
		this.name = name;
		this.port = port;
		this.dir = dir;
		this.command = command;
	}

	/**
	 * Starts {@code redis-server} with the given arguments and waits until its log says
	 * it is ready.
	 * @param name a name for the directory and messages, for example {@code sentinel-1}
	 * @param port the port the arguments make it listen on (used in messages and to check
	 * it is gone)
	 * @param dir the directory it runs in; config files the arguments name should be
	 * there
	 * @param args the arguments after the executable
	 * @return the running process
	 */
	static RedisProcess start(String name, int port, Path dir, List<String> args) {
		List<String> command = new ArrayList<>();
		command.add(executable("redis-server"));
		command.addAll(args);
		RedisProcess redis = new RedisProcess(name, port, dir, command);
		redis.launch();
		return redis;
	}

	/**
	 * Starts a plain server (or a cluster node, given extra arguments) on a free port,
	 * with no snapshots and {@code maxmemory-policy noeviction}.
	 * @param name a name for the directory and messages
	 * @param extraArgs further arguments
	 * @return the running process
	 */
	static RedisProcess startServer(String name, String... extraArgs) {
		return startServer(name, freePort(), extraArgs);
	}

	/**
	 * Starts a plain server on the given port, as {@link #startServer(String, String...)}
	 * does.
	 * @param name a name for the directory and messages
	 * @param port the port
	 * @param extraArgs further arguments
	 * @return the running process
	 */
	static RedisProcess startServer(String name, int port, String... extraArgs) {
		Path dir = newDirectory(name + "-" + port);
		List<String> args = new ArrayList<>(List.of("--port", String.valueOf(port), "--bind", "127.0.0.1", "--save", "",
				"--appendonly", "no", "--maxmemory-policy", "noeviction", "--repl-diskless-sync-delay", "0", "--dir",
				dir.toString()));
		args.addAll(List.of(extraArgs));
		return start(name, port, dir, args);
	}

	/**
	 * Returns the absolute path of a Redis executable on the PATH, or aborts the test
	 * (the CI script installs {@code redis-server}, which brings {@code redis-cli}).
	 * @param name {@code redis-server} or {@code redis-cli}
	 * @return the path
	 */
	static String executable(String name) {
		String path = System.getenv("PATH");
		if (path != null) {
			for (String entry : path.split(java.io.File.pathSeparator)) {
				Path candidate = Path.of(entry, name);
				if (!entry.isBlank() && Files.isExecutable(candidate)) {
					return candidate.toString();
				}
			}
		}
		Assumptions.abort(name + " is not on the PATH; these tests need a real Redis 7 installation");
		throw new IllegalStateException("unreachable");
	}

	/**
	 * Creates a fresh directory for a process under the build's reliability work
	 * directory.
	 * @param name the directory name's start
	 * @return the directory
	 */
	static Path newDirectory(String name) {
		Path root = Path.of(System.getProperty("jobqueue.reliability.work-dir",
				System.getProperty("java.io.tmpdir") + "/jobqueue-reliability"));
		try {
			Files.createDirectories(root);
			return Files.createTempDirectory(root, name + "-");
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/**
	 * Finds a port nothing listens on; below 55535 so that a cluster bus port of port +
	 * 10000 stays valid for tools that assume it.
	 * @return the port
	 */
	static int freePort() {
		for (int attempt = 0; attempt < 100; attempt++) {
			try (ServerSocket socket = new ServerSocket()) {
				socket.setReuseAddress(false);
				socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
				int port = socket.getLocalPort();
				if (port < 55535) {
					return port;
				}
			}
			catch (IOException ex) {
				throw new UncheckedIOException("Could not find a free port", ex);
			}
		}
		throw new IllegalStateException("No free port below 55535 in 100 attempts");
	}

	String name() {
		return this.name;
	}

	int port() {
		return this.port;
	}

	Path dir() {
		return this.dir;
	}

	String address() {
		return "127.0.0.1:" + this.port;
	}

	/**
	 * Reads one {@code INFO} section over a short-lived connection.
	 * @param section the section
	 * @return the reply
	 */
	String info(String section) {
		io.lettuce.core.RedisClient client = io.lettuce.core.RedisClient
			.create(io.lettuce.core.RedisURI.builder().withHost("127.0.0.1").withPort(this.port).build());
		try (var connection = client.connect()) {
			return connection.sync().info(section);
		}
		finally {
			client.shutdown(Duration.ZERO, Duration.ofSeconds(1));
		}
	}

	synchronized boolean isAlive() {
		return this.process != null && this.process.isAlive();
	}

	/**
	 * Kills the process with SIGKILL, as a crash would, and waits until its port is
	 * closed.
	 */
	synchronized void kill() {
		if (this.process != null) {
			this.process.destroyForcibly();
			waitFor(this.process);
			this.process = null;
		}
		awaitPortClosed();
	}

	/**
	 * Freezes the process (SIGSTOP), as a long GC-like stall or a VM pause would: its
	 * sockets stay open, so clients' commands queue up unanswered, and Sentinels see it
	 * stop answering.
	 */
	synchronized void freeze() {
		Signals.stop(this.process.pid());
	}

	/**
	 * Lets a frozen process run again (SIGCONT); it then works off whatever its clients
	 * queued.
	 */
	synchronized void thaw() {
		Signals.resume(this.process.pid());
	}

	/** Starts the process again with the same arguments, port and directory. */
	synchronized void restart() {
		if (isAlive()) {
			kill();
		}
		launch();
	}

	@Override
	public synchronized void close() {
		if (this.process != null) {
			this.process.destroy();
			if (!waitFor(this.process)) {
				this.process.destroyForcibly();
				waitFor(this.process);
			}
			this.process = null;
		}
	}

	String logTail() {
		try {
			List<String> lines = Files.readAllLines(log(), StandardCharsets.UTF_8);
			return String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size()));
		}
		catch (IOException ex) {
			return "(no log: " + ex + ")";
		}
	}

	private Path log() {
		return this.dir.resolve(this.name + ".log");
	}

	private synchronized void launch() {
		long logOffset;
		try {
			logOffset = Files.exists(log()) ? Files.size(log()) : 0;
			this.process = new ProcessBuilder(this.command).directory(this.dir.toFile())
				.redirectErrorStream(true)
				.redirectOutput(ProcessBuilder.Redirect.appendTo(log().toFile()))
				.start();
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Could not run " + this.command, ex);
		}
		long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
		while (!readySince(logOffset)) {
			if (!this.process.isAlive() || System.nanoTime() > deadline) {
				this.process.destroyForcibly();
				throw new IllegalStateException(
						this.name + " did not start: " + String.join(" ", this.command) + "\n" + logTail());
			}
			pause(20);
		}
	}

	private boolean readySince(long offset) {
		try {
			byte[] bytes = Files.readAllBytes(log());
			if (offset >= bytes.length) {
				return false;
			}
			String text = new String(bytes, (int) offset, bytes.length - (int) offset, StandardCharsets.UTF_8);
			return text.contains(READY) || text.contains(SENTINEL_READY);
		}
		catch (IOException ex) {
			return false;
		}
	}

	private void awaitPortClosed() {
		long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
		while (System.nanoTime() < deadline) {
			try (Socket socket = new Socket()) {
				socket.connect(new InetSocketAddress("127.0.0.1", this.port), 200);
			}
			catch (IOException ex) {
				return;
			}
			pause(20);
		}
		throw new IllegalStateException(this.name + " still accepts connections on port " + this.port);
	}

	private static boolean waitFor(Process process) {
		try {
			return process.waitFor(10, TimeUnit.SECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return false;
		}
	}

	static void pause(long millis) {
		try {
			Thread.sleep(millis);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException("Interrupted", ex);
		}
	}

	@Override
	public String toString() {
		return this.name + " (" + address() + ")";
	}

}
