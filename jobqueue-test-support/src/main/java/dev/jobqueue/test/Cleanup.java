package dev.jobqueue.test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.List;
import java.util.stream.Stream;

/**
 * One JVM shutdown hook that stops owned servers and deletes their temporary files,
 * newest first.
 */
final class Cleanup {

	private static final Deque<Runnable> TASKS = new ArrayDeque<>();

	private static boolean hookInstalled;

	private Cleanup() {
	}

	/**
	 * Runs {@code task} when the JVM shuts down, unless {@link #unregister} removes it
	 * first.
	 */
	static synchronized void register(Runnable task) {
		if (!hookInstalled) {
			Runtime.getRuntime().addShutdownHook(new Thread(Cleanup::runAll, "jobqueue-test-redis-cleanup"));
			hookInstalled = true;
		}
		TASKS.push(task);
	}

	static synchronized void unregister(Runnable task) {
		TASKS.remove(task);
	}

	private static void runAll() {
		List<Runnable> tasks;
		synchronized (Cleanup.class) {
			tasks = new ArrayList<>(TASKS);
			TASKS.clear();
		}
		for (Runnable task : tasks) {
			try {
				task.run();
			}
			catch (RuntimeException | Error e) {
				System.err.println("[jobqueue-test] cleanup failed: " + e);
			}
		}
	}

	/** Deletes a file or directory tree, ignoring what cannot be deleted. */
	static void deleteRecursively(Path path) {
		if (!Files.exists(path)) {
			return;
		}
		try (Stream<Path> paths = Files.walk(path)) {
			paths.sorted(Comparator.reverseOrder()).forEach(p -> {
				try {
					Files.deleteIfExists(p);
				}
				catch (IOException e) {
					// best effort
				}
			});
		}
		catch (IOException e) {
			// best effort
		}
	}

}
