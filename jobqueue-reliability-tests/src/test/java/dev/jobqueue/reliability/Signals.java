package dev.jobqueue.reliability;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.concurrent.TimeUnit;

/**
 * Sends POSIX signals with {@code kill}: SIGSTOP freezes a process as a long GC pause or
 * a VM stall would (its sockets stay open, nothing answers), SIGCONT lets it go on.
 */
final class Signals {

	private Signals() {
	}

	static void stop(long pid) {
		send("STOP", pid);
	}

	static void resume(long pid) {
		send("CONT", pid);
	}

	private static void send(String signal, long pid) {
		try {
			Process kill = new ProcessBuilder("kill", "-" + signal, String.valueOf(pid)).inheritIO().start();
			if (!kill.waitFor(10, TimeUnit.SECONDS) || kill.exitValue() != 0) {
				throw new IllegalStateException("kill -" + signal + " " + pid + " failed");
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException("Interrupted", ex);
		}
	}

}
