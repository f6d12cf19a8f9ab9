package dev.jobqueue.launcher;

import java.nio.file.Path;
import java.time.Duration;
import org.jspecify.annotations.Nullable;

/**
 * A {@code redis-server} child process on a loopback port, started by
 * {@link RedisServerLauncher}: it can be stopped, killed, frozen, thawed and restarted on
 * the same port with the same arguments and directory (so append-only data survives).
 */
public final class RedisServerProcess implements AutoCloseable {

	private static final Duration STOP_TIMEOUT = Duration.ofSeconds(30);

	private final RedisServerSpec spec;

	private final RedisServerLog log;

	private final Runnable cleanup = this::destroyAndDelete;

	private @Nullable Process process;

	private boolean frozen;

	private String version = "unknown";

	RedisServerProcess(RedisServerSpec spec) {
		this.spec = spec;
		this.log = new RedisServerLog(spec.directory().resolve("redis.log"));
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
		return this.spec.port();
	}

	/**
	 * The address as Lettuce and Spring's {@code nodes} properties take it.
	 * @return {@code 127.0.0.1:<port>}
	 */
	public String address() {
		return host() + ":" + this.spec.port();
	}

	/**
	 * The executable that runs.
	 * @return the {@code redis-server} binary
	 */
	public Path executable() {
		return this.spec.executable();
	}

	/**
	 * The directory the server runs in ({@code --dir}); it holds the log and any data.
	 * @return the directory
	 */
	public Path directory() {
		return this.spec.directory();
	}

	/**
	 * The log the server writes, appended to across restarts.
	 * @return the file
	 */
	public Path logFile() {
		return this.log.file();
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
			if (!ChildProcesses.waitFor(p, STOP_TIMEOUT)) {
				p.destroyForcibly();
				ChildProcesses.waitFor(p, STOP_TIMEOUT);
			}
		}
		this.process = null;
		ChildProcesses.awaitPortClosed(host(), this.spec.port(), STOP_TIMEOUT, this);
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
		if (!ChildProcesses.waitFor(p, STOP_TIMEOUT)) {
			throw new IllegalStateException(this + " (pid " + p.pid() + ") survived SIGKILL for " + STOP_TIMEOUT);
		}
		this.process = null;
		this.frozen = false;
		ChildProcesses.awaitPortClosed(host(), this.spec.port(), STOP_TIMEOUT, this);
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
		if (this.spec.ownsDirectory()) {
			LauncherCleanup.deleteRecursively(this.spec.directory());
		}
	}

	/**
	 * The end of the log, for failure messages.
	 * @return the last 40 lines, or a note saying why there are none
	 */
	public String logTail() {
		return this.log.tail();
	}

	@Override
	public String toString() {
		return this.spec.name() + " (" + address() + ")";
	}

	/** Starts the process and waits until its log says it is ready. */
	synchronized void launch() {
		long logOffset = this.log.size();
		Process p = ChildProcesses.start(this.spec.command(), this.spec.directory(), logFile());
		this.process = p;
		this.frozen = false;
		LauncherCleanup.register(this.cleanup);
		long deadline = System.nanoTime() + this.spec.startTimeout().toNanos();
		String output;
		while (!RedisServerLog.saysReady(output = this.log.since(logOffset))) {
			if (!p.isAlive()) {
				this.process = null;
				String failure = this + " exited with code " + p.exitValue() + " on start";
				throw RedisServerLog.saysPortInUse(output) ? new PortInUseException(failure + describe())
						: new IllegalStateException(failure + describe());
			}
			if (System.nanoTime() > deadline) {
				abandon(p);
				throw new IllegalStateException(
						this + " did not get ready within " + this.spec.startTimeout() + describe());
			}
			ChildProcesses.waitFor(p, Duration.ofMillis(20));
			if (Thread.currentThread().isInterrupted()) {
				abandon(p);
				throw new IllegalStateException("Interrupted while starting " + this);
			}
		}
		this.version = RedisServerLog.version(output);
	}

	private void abandon(Process p) {
		p.destroyForcibly();
		ChildProcesses.waitFor(p, STOP_TIMEOUT);
		this.process = null;
	}

	private String describe() {
		return ": " + String.join(" ", this.spec.command()) + "\n--- " + logFile() + " ---\n" + logTail();
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

	/**
	 * The shutdown-hook task: gives the application the grace period to close the server,
	 * then kills it and deletes a temporary directory.
	 */
	private void destroyAndDelete() {
		long deadline = System.nanoTime() + this.spec.jvmExitGrace().toNanos();
		while (isAlive() && System.nanoTime() < deadline && !Thread.currentThread().isInterrupted()) {
			ChildProcesses.sleep(50, this);
		}
		Process p;
		synchronized (this) {
			p = this.process;
			this.process = null;
		}
		if (p != null && p.isAlive()) {
			p.destroyForcibly();
			ChildProcesses.waitFor(p, Duration.ofSeconds(5));
		}
		if (this.spec.ownsDirectory()) {
			LauncherCleanup.deleteRecursively(this.spec.directory());
		}
	}

}
