package dev.jobqueue.launcher;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Locale;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * Finds the Redis programs to run: {@code redis-server} or {@code redis-cli} on the PATH,
 * or the {@code redis-server} shipped inside the
 * {@code com.github.codemonstur:embedded-redis} jar.
 */
public final class RedisExecutables {

	private static @Nullable Path extracted;

	private RedisExecutables() {
	}

	/**
	 * Looks a program up on the PATH.
	 * @param name the program, for example {@code redis-server} or {@code redis-cli}
	 * @return its absolute path, or empty when no PATH entry holds an executable of that
	 * name
	 */
	public static Optional<Path> onPath(String name) {
		String path = System.getenv("PATH");
		if (path == null || path.isBlank()) {
			return Optional.empty();
		}
		boolean windows = os().startsWith("windows");
		for (String dir : path.split(File.pathSeparator)) {
			if (dir.isBlank()) {
				continue;
			}
			for (String candidateName : windows ? new String[] { name + ".exe", name } : new String[] { name }) {
				try {
					Path candidate = Path.of(dir.trim(), candidateName);
					if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
						return Optional.of(candidate.toAbsolutePath());
					}
				}
				catch (RuntimeException ex) {
					// an odd PATH entry; skip it
				}
			}
		}
		return Optional.empty();
	}

	/**
	 * The {@code redis-server} on the PATH, else the embedded one.
	 * @return the executable
	 * @throws IllegalStateException when neither is available
	 */
	public static Path onPathOrEmbedded() {
		return onPath("redis-server").orElseGet(RedisExecutables::embedded);
	}

	/**
	 * Copies the {@code redis-server} binary that the embedded-redis jar ships for this
	 * OS and architecture (Redis 6.2 on Linux and macOS) to a temporary file, once per
	 * JVM, and makes it executable. The temporary file is deleted when the JVM exits.
	 * @return the executable
	 * @throws IllegalStateException when embedded-redis is not on the class path or has
	 * no binary for this platform
	 */
	public static synchronized Path embedded() {
		Path binary = extracted;
		if (binary != null && Files.isExecutable(binary)) {
			return binary;
		}
		String name = embeddedResourceName();
		ClassLoader loader = RedisExecutables.class.getClassLoader();
		try (InputStream in = (loader != null) ? loader.getResourceAsStream(name) : null) {
			if (in == null) {
				throw new IllegalStateException("The resource '" + name
						+ "' is not on the class path: is com.github.codemonstur:embedded-redis a dependency?");
			}
			Path dir = Files.createTempDirectory("jobqueue-embedded-redis-");
			LauncherCleanup.register(() -> LauncherCleanup.deleteRecursively(dir));
			binary = dir.resolve(name);
			Files.copy(in, binary, StandardCopyOption.REPLACE_EXISTING);
			if (!binary.toFile().setExecutable(true, true)) {
				throw new IllegalStateException("Could not make " + binary + " executable");
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Could not extract the embedded redis-server '" + name + "'", ex);
		}
		extracted = binary;
		return binary;
	}

	/**
	 * The embedded-redis jar resource that runs on this OS and architecture.
	 * @return the resource name
	 * @throws IllegalStateException when embedded-redis ships no binary for this platform
	 */
	static String embeddedResourceName() {
		String os = os();
		String arch = System.getProperty("os.arch", "").toLowerCase(Locale.ROOT);
		boolean amd64 = arch.equals("amd64") || arch.equals("x86_64");
		boolean arm64 = arch.equals("aarch64") || arch.equals("arm64");
		boolean x86 = arch.matches("x86|i[3-6]86");
		String name = null;
		if (os.startsWith("linux")) {
			name = amd64 ? "redis-server-6.2.6-v5-linux-amd64"
					: arm64 ? "redis-server-6.2.7-linux-arm64" : x86 ? "redis-server-6.2.7-linux-386" : null;
		}
		else if (os.startsWith("mac") || os.startsWith("darwin")) {
			name = amd64 ? "redis-server-6.2.6-v5-darwin-amd64" : arm64 ? "redis-server-6.2.6-v5-darwin-arm64" : null;
		}
		else if (os.startsWith("windows")) {
			name = amd64 ? "redis-server-5.0.14.1-windows-amd64.exe" : null;
		}
		if (name == null) {
			throw new IllegalStateException("embedded-redis ships no redis-server binary for os.name='"
					+ System.getProperty("os.name") + "', os.arch='" + arch + "'; install redis-server on the PATH");
		}
		return name;
	}

	private static String os() {
		return System.getProperty("os.name", "").toLowerCase(Locale.ROOT);
	}

}
