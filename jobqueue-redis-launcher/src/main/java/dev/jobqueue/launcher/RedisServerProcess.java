package dev.jobqueue.launcher;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * A {@code redis-server} child process on a loopback port, started by
 * {@link RedisServerLauncher}: it can be stopped, killed, frozen, thawed and restarted on
 * the same port with the same arguments and directory (so append-only data survives).
 */
public final class RedisServerProcess implements AutoCloseable {

	/** Redis prints the first once it serves clients; a Sentinel prints the second. */
	private static final List<String> READY_MARKERS = List.of("Ready to accept connections", "Sentinel ID is");

	private static final Pattern VERSION = Pattern.compile("Redis version=([0-9][^,\\s]*)");

	private static final Duration STOP_TIMEOUT = Duration.ofSeconds(30);

	private static final int LOG_TAIL_LINES = 40;

	private final String name;

	private final Path executable;

	private final int port;

	private final Path directory;

	private final boolean ownsDirectory;

	private final List<String> command;

	private final Duration startTimeout;

	private final Duration jvmExitGrace;

	private final Runnable cleanup = this::destroyAndDelete;

	private @Nullable Process process;

	private boolean frozen;

	private String version = "unknown";

	RedisServerProcess(String name, Path executable, int port, Path directory, boolean ownsDirectory,
			List<String> command, Duration startTimeout, Duration jvmExitGrace) {
		this.name = name;
		this.executable = executable;
		this.port = port;
		this.directory = directory;
		this.ownsDirectory = ownsDirectory;
		this.command = command;
		this.startTimeout = startTimeout;
		this.jvmExitGrace = jvmExitGrace;
	}

	/**
	 * The name given to the launcher.
	 * @return the name
	 */
	public String name() {
		return this.name;
	}

	/**
	 * The host the server listens on.
	 * @return always {@code 127.0.0.1}
	 */
	public String host() {
		return "127.0.0.1";
	}

	/**
	 * The port, kept across restarts.
	 * @return the port
	 */
	public int port() {
		return this.port;
	}

	/**
	 * The address as Lettuce and Spring's {@code nodes} properties take it.
	 * @return {@code 127.0.0.1:<port>}
	 */
	public String address() {
		return host() + ":" + this.port;
	}

	/**
	 * The executable that runs.
	 * @return the {@code redis-server} binary
	 */
	public Path executable() {
		return this.executable;
	}

	/**
	 * The directory the server runs in ({@code --dir}); it holds the log and any data.
	 * @return the directory
	 */
	public Path directory() {
		return this.directory;
	}

	/**
	 * The log the server writes, appended to across restarts.
	 * @return the file
	 */
	public Path logFile() {
		return this.directory.resolve("redis.log");
	}

	/**
	 * The server's version, as its log printed it at the last start.
	 * @return for example {@code 7.0.15}
	 */
	public synchronized String version() {
		return this.version;
	}

	/**
	 * The operating system's id of the running process.
	 * @return the pid
	 * @throws IllegalStateException when the server is not running
	 */
	public synchronized long pid() {
		return running().pid();
	}

	/**
	 * Whether the process runs (a frozen process runs).
	 * @return whether it is alive
	 */
	public synchronized boolean isAlive() {
		Process p = this.process;
		return p != null && p.isAlive();
	}

	/**
	 * Shuts the server down with SIGTERM (SIGKILL if it has not exited 30 seconds later)
	 * and waits until its port is closed. Does nothing when it was stopped or killed
	 * already.
	 */
	public synchronized void stop() {
		Process p = this.process;
		if (p == null) {
			return;
		}
		if (p.isAlive()) {
			thawIfFrozen(p);
			p.destroy();
			if (!waitFor(p, STOP_TIMEOUT)) {
				p.destroyForcibly();
				waitFor(p, STOP_TIMEOUT);
			}
		}
		this.process = null;
		awaitPortClosed();
	}

	/**
	 * Kills the process with SIGKILL, as a crash would, and waits until it is gone and
	 * its port is closed. Does nothing when it was stopped or killed already.
	 */
	public synchronized void kill() {
		Process p = this.process;
		if (p == null) {
			return;
		}
		p.destroyForcibly();
		if (!waitFor(p, STOP_TIMEOUT)) {
			throw new IllegalStateException(this + " (pid " + p.pid() + ") survived SIGKILL for " + STOP_TIMEOUT);
		}
		this.process = null;
		this.frozen = false;
		awaitPortClosed();
	}

	/**
	 * Freezes the process (SIGSTOP): its sockets stay open, so clients' commands queue up
	 * unanswered, as in a long stall of the machine.
	 */
	public synchronized void freeze() {
		ProcessSignals.freeze(running().pid());
		this.frozen = true;
	}

	/**
	 * Lets a frozen process run again (SIGCONT); it then works off what its clients
	 * queued.
	 */
	public synchronized void thaw() {
		ProcessSignals.thaw(running().pid());
		this.frozen = false;
	}

	/**
	 * Starts the server again on the same port, with the same arguments and directory,
	 * stopping it first if it runs, and waits until it is ready.
	 * @throws IllegalStateException when it does not get ready, for example because
	 * another process took the port meanwhile
	 */
	public synchronized void restart() {
		if (isAlive()) {
			stop();
		}
		launch();
	}

	/**
	 * Stops the server and deletes its directory when the launcher created it as a
	 * temporary one. Does nothing more when called again.
	 */
	@Override
	public void close() {
		stop();
		LauncherCleanup.unregister(this.cleanup);
		if (this.ownsDirectory) {
			LauncherCleanup.deleteRecursively(this.directory);
		}
	}

	/**
	 * The end of the log, for failure messages.
	 * @return the last 40 lines, or a note saying why there are none
	 */
	public String logTail() {
		try {
			if (!Files.exists(logFile())) {
				return "(no log written)";
			}
			List<String> lines = Files.readAllLines(logFile(), StandardCharsets.UTF_8);
			return String.join("\n", lines.subList(Math.max(0, lines.size() - LOG_TAIL_LINES), lines.size()));
		}
		catch (IOException | UncheckedIOException ex) {
			return "(could not read " + logFile() + ": " + ex + ")";
		}
	}

	@Override
	public String toString() {
		return this.name + " (" + address() + ")";
	}

	/** Starts the process and waits until its log says it is ready. */
	synchronized void launch() {
		long logOffset = logSize();
		Process p;
		try {
			p = new ProcessBuilder(this.command).directory(this.directory.toFile())
				.redirectErrorStream(true)
				.redirectOutput(ProcessBuilder.Redirect.appendTo(logFile().toFile()))
				.redirectInput(ProcessBuilder.Redirect.from(nullFile()))
				.start();
		}
		catch (IOException ex) {
			throw new IllegalStateException("Could not run " + String.join(" ", this.command), ex);
		}
		this.process = p;
		this.frozen = false;
		LauncherCleanup.register(this.cleanup);
		long deadline = System.nanoTime() + this.startTimeout.toNanos();
		String log;
		while (!ready(log = logSince(logOffset))) {
			if (!p.isAlive()) {
				this.process = null;
				String failure = this + " exited with code " + p.exitValue() + " on start";
				throw log.contains("Address already in use") ? new PortInUseException(failure + describe())
						: new IllegalStateException(failure + describe());
			}
			if (System.nanoTime() > deadline) {
				abandon(p);
				throw new IllegalStateException(this + " did not get ready within " + this.startTimeout + describe());
			}
			try {
				p.waitFor(20, TimeUnit.MILLISECONDS);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				abandon(p);
				throw new IllegalStateException("Interrupted while starting " + this, ex);
			}
		}
		Matcher version = VERSION.matcher(log);
		this.version = version.find() ? version.group(1) : "unknown";
	}

	private void abandon(Process p) {
		p.destroyForcibly();
		waitFor(p, STOP_TIMEOUT);
		this.process = null;
	}

	private String describe() {
		return ": " + String.join(" ", this.command) + "\n--- " + logFile() + " ---\n" + logTail();
	}

	private static boolean ready(String log) {
		return READY_MARKERS.stream().anyMatch(log::contains);
	}

	private Process running() {
		Process p = this.process;
		if (p == null || !p.isAlive()) {
			throw new IllegalStateException(this + " is not running");
		}
		return p;
	}

	private void thawIfFrozen(Process p) {
		if (this.frozen) {
			ProcessSignals.thaw(p.pid());
			this.frozen = false;
		}
	}

	private void awaitPortClosed() {
		long deadline = System.nanoTime() + STOP_TIMEOUT.toNanos();
		while (accepts()) {
			if (System.nanoTime() > deadline) {
				throw new IllegalStateException(
						this + " still accepts connections " + STOP_TIMEOUT + " after it ended");
			}
			try {
				Thread.sleep(20);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				throw new IllegalStateException("Interrupted while waiting for " + this + " to close its port", ex);
			}
		}
	}

	private boolean accepts() {
		try (Socket socket = new Socket()) {
			socket.connect(new InetSocketAddress(host(), this.port), 1000);
			return true;
		}
		catch (IOException ex) {
			return false;
		}
	}

	/**
	 * The shutdown-hook task: gives the application the grace period to close the server,
	 * then kills it and deletes a temporary directory.
	 */
	private void destroyAndDelete() {
		long deadline = System.nanoTime() + this.jvmExitGrace.toNanos();
		while (isAlive() && System.nanoTime() < deadline) {
			try {
				Thread.sleep(50);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				break;
			}
		}
		Process p;
		synchronized (this) {
			p = this.process;
			this.process = null;
		}
		if (p != null && p.isAlive()) {
			p.destroyForcibly();
			waitFor(p, Duration.ofSeconds(5));
		}
		if (this.ownsDirectory) {
			LauncherCleanup.deleteRecursively(this.directory);
		}
	}

	private long logSize() {
		try {
			return Files.exists(logFile()) ? Files.size(logFile()) : 0;
		}
		catch (IOException ex) {
			return 0;
		}
	}

	private String logSince(long offset) {
		try {
			byte[] bytes = Files.exists(logFile()) ? Files.readAllBytes(logFile()) : new byte[0];
			int from = (int) Math.min(offset, bytes.length);
			return new String(bytes, from, bytes.length - from, StandardCharsets.UTF_8);
		}
		catch (IOException ex) {
			return "";
		}
	}

	private static boolean waitFor(Process p, Duration timeout) {
		try {
			return p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return !p.isAlive();
		}
	}

	private static File nullFile() {
		return new File(System.getProperty("os.name", "").startsWith("Windows") ? "NUL" : "/dev/null");
	}

	/** Another process bound the port first; the launcher tries another one. */
	static final class PortInUseException extends IllegalStateException {

		private static final long serialVersionUID = 1L;

		PortInUseException(String message) {
			super(message);
		}

	}

}
