package dev.jobqueue.launcher;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.concurrent.TimeUnit;

/**
 * Freezes and resumes a process with POSIX signals sent by {@code kill}: SIGSTOP stalls
 * it as a long GC pause or a VM stall would (its sockets stay open, nothing answers),
 * SIGCONT lets it go on. Java has no API for either.
 */
public final class ProcessSignals {

	private ProcessSignals() {
	}

	/**
	 * Sends SIGSTOP.
	 * @param pid the process
	 * @throws IllegalStateException when {@code kill} fails, for example for an unknown
	 * pid
	 */
	public static void freeze(long pid) {
		send("STOP", pid);
	}

	/**
	 * Sends SIGCONT.
	 * @param pid the process
	 * @throws IllegalStateException when {@code kill} fails, for example for an unknown
	 * pid
	 */
	public static void thaw(long pid) {
		send("CONT", pid);
	}

	private static void send(String signal, long pid) {
		try {
			Process kill = new ProcessBuilder("kill", "-" + signal, String.valueOf(pid)).inheritIO().start();
			if (!kill.waitFor(30, TimeUnit.SECONDS) || kill.exitValue() != 0) {
				throw new IllegalStateException("kill -" + signal + " " + pid + " failed");
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Could not run kill -" + signal + " " + pid, ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException("Interrupted while sending SIG" + signal + " to " + pid, ex);
		}
	}

}
