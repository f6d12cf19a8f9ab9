package dev.jobqueue.launcher;

import java.io.File;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Starts child processes with their output appended to a log, and waits, with bounds, for
 * processes to exit and for ports to close.
 */
final class ChildProcesses {

	private ChildProcesses() {
	}

	/**
	 * Runs {@code command} in {@code directory}, output and errors appended to
	 * {@code log}.
	 */
	static Process start(List<String> command, Path directory, Path log) {
		File nullFile = new File(System.getProperty("os.name", "").startsWith("Windows") ? "NUL" : "/dev/null");
		try {
			return new ProcessBuilder(command).directory(directory.toFile())
				.redirectErrorStream(true)
				.redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
				.redirectInput(ProcessBuilder.Redirect.from(nullFile))
				.start();
		}
		catch (IOException ex) {
			throw new IllegalStateException("Could not run " + String.join(" ", command), ex);
		}
	}

	/** Whether the process exited within the timeout (or is gone after an interrupt). */
	static boolean waitFor(Process process, Duration timeout) {
		try {
			return process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return !process.isAlive();
		}
	}

	/** Waits until nothing accepts connections on the port. */
	static void awaitPortClosed(String host, int port, Duration timeout, Object owner) {
		long deadline = System.nanoTime() + timeout.toNanos();
		while (accepts(host, port)) {
			if (System.nanoTime() > deadline) {
				throw new IllegalStateException(owner + " still accepts connections " + timeout + " after it ended");
			}
			sleep(20, owner);
		}
	}

	/** Sleeps, turning an interrupt into an exception that names what was awaited. */
	static void sleep(long millis, Object owner) {
		try {
			Thread.sleep(millis);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException("Interrupted while waiting for " + owner, ex);
		}
	}

	private static boolean accepts(String host, int port) {
		try (Socket socket = new Socket()) {
			socket.connect(new InetSocketAddress(host, port), 1000);
			return true;
		}
		catch (IOException ex) {
			return false;
		}
	}

}
