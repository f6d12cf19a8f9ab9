package dev.jobqueue.reliability;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import dev.jobqueue.launcher.ProcessSignals;

/**
 * A worker JVM: {@code java -cp <the test class path> <main class> <args>}, a real
 * separate process that the tests kill with SIGKILL. Its output goes to a log file next
 * to the Redis logs.
 */
final class WorkerProcess {

	private final Process process;

	private final Path log;

	private WorkerProcess(Process process, Path log) {
		this.process = process;
		this.log = log;
	}

	/**
	 * Starts a worker JVM.
	 * @param dir where its log goes
	 * @param name the log's name
	 * @param mainClass the class whose main method runs
	 * @param args the program arguments
	 * @return the started process (not yet necessarily ready)
	 */
	static WorkerProcess start(Path dir, String name, Class<?> mainClass, List<String> args) {
		List<String> command = new ArrayList<>();
		command.add(Paths.get(System.getProperty("java.home"), "bin", "java").toString());
		// a small heap and the C1 compiler only: workers start in about a second and
		// leave the two
		// cores to Redis and the other workers
		command.addAll(List.of("-Xmx256m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-Xss512k"));
		String logging = System.getProperty("java.util.logging.config.file");
		if (logging != null) {
			command.add("-Djava.util.logging.config.file=" + logging);
		}
		command.addAll(List.of("-cp", System.getProperty("java.class.path"), mainClass.getName()));
		command.addAll(args);
		Path log = dir.resolve(name + ".log");
		try {
			Process process = new ProcessBuilder(command).redirectErrorStream(true)
				.redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
				.start();
			return new WorkerProcess(process, log);
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Could not start " + command, ex);
		}
	}

	long pid() {
		return this.process.pid();
	}

	boolean isAlive() {
		return this.process.isAlive();
	}

	/**
	 * @return whether the worker has printed {@code READY}
	 */
	boolean isReady() {
		return output().contains("READY " + pid());
	}

	String output() {
		try {
			return Files.exists(this.log) ? Files.readString(this.log, StandardCharsets.UTF_8) : "";
		}
		catch (IOException ex) {
			return "";
		}
	}

	/** Freezes the JVM (SIGSTOP): a stop-the-world pause as long as the test wants. */
	void freeze() {
		ProcessSignals.freeze(pid());
	}

	/** Lets a frozen JVM run again (SIGCONT). */
	void thaw() {
		ProcessSignals.thaw(pid());
	}

	/**
	 * Kills the JVM with SIGKILL and waits for it to be gone.
	 * @param timeout how long to wait
	 */
	void kill(Duration timeout) {
		this.process.destroyForcibly();
		try {
			if (!this.process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
				throw new IllegalStateException("Worker " + pid() + " survived SIGKILL for " + timeout);
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException("Interrupted while killing worker " + pid(), ex);
		}
	}

}
