package dev.jobqueue.launcher;

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
 * One JVM shutdown hook that ends the processes still running and deletes temporary
 * files, newest first, so that a test run that dies halfway leaves no redis-server
 * behind.
 */
final class LauncherCleanup {

	private static final Deque<Runnable> TASKS = new ArrayDeque<>();

	private static boolean hookInstalled;

	private LauncherCleanup() {
	}

	/**
	 * Runs {@code task} when the JVM shuts down, unless {@link #unregister} removes it
	 * first.
	 */
	static synchronized void register(Runnable task) {
		if (!hookInstalled) {
			Runtime.getRuntime().addShutdownHook(new Thread(LauncherCleanup::runAll, "jobqueue-redis-cleanup"));
			hookInstalled = true;
		}
		if (!TASKS.contains(task)) {
			TASKS.push(task);
		}
	}

	static synchronized void unregister(Runnable task) {
		TASKS.remove(task);
	}

	private static void runAll() {
		List<Runnable> tasks;
		synchronized (LauncherCleanup.class) {
			tasks = new ArrayList<>(TASKS);
			TASKS.clear();
		}
		for (Runnable task : tasks) {
			try {
				task.run();
			}
			catch (RuntimeException | Error ex) {
				System.err.println("[jobqueue-redis-launcher] cleanup failed: " + ex);
			}
		}
	}

	/** Deletes a file or directory tree, leaving what cannot be deleted. */
	static void deleteRecursively(Path path) {
		if (!Files.exists(path)) {
			return;
		}
		try (Stream<Path> paths = Files.walk(path)) {
			paths.sorted(Comparator.reverseOrder()).forEach((file) -> {
				try {
					Files.deleteIfExists(file);
				}
				catch (IOException ex) {
					// a leftover temporary file is harmless
				}
			});
		}
		catch (IOException ex) {
			// a leftover temporary directory is harmless
		}
	}

}
