package dev.jobqueue.test;

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
 * Locates a {@code redis-server} on the PATH, or extracts the one shipped inside the
 * embedded-redis jar.
 */
final class RedisBinaries {

	private static @Nullable Path extracted;

	private RedisBinaries() {
	}

	/** The first executable {@code redis-server} on the PATH, if any. */
	static Optional<Path> onPath() {
		String path = System.getenv("PATH");
		if (path == null || path.isBlank()) {
			return Optional.empty();
		}
		boolean windows = os().startsWith("windows");
		for (String dir : path.split(File.pathSeparator)) {
			if (dir.isBlank()) {
				continue;
			}
			for (String name : windows ? new String[] { "redis-server.exe", "redis-server" }
					: new String[] { "redis-server" }) {
				try {
					Path candidate = Path.of(dir.trim(), name);
					if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
						return Optional.of(candidate.toAbsolutePath());
					}
				}
				catch (RuntimeException e) {
					// an odd PATH entry; skip it
				}
			}
		}
		return Optional.empty();
	}

	/** The embedded-redis jar resource that runs on this OS and architecture. */
	static String embeddedResourceName() {
		String os = os();
		String arch = System.getProperty("os.arch", "").toLowerCase(Locale.ROOT);
		boolean amd64 = arch.equals("amd64") || arch.equals("x86_64");
		boolean arm64 = arch.equals("aarch64") || arch.equals("arm64");
		boolean x86 = arch.equals("x86") || arch.equals("i386") || arch.equals("i486") || arch.equals("i586")
				|| arch.equals("i686");
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
			throw new IllegalStateException(
					"embedded-redis ships no redis-server binary for os.name='" + System.getProperty("os.name")
							+ "', os.arch='" + arch + "'; install redis-server on the PATH instead");
		}
		return name;
	}

	/**
	 * Copies the embedded binary to a temporary file once per JVM, makes it executable
	 * and returns it.
	 */
	static synchronized Path embedded() {
		Path binary = extracted;
		if (binary != null && Files.isExecutable(binary)) {
			return binary;
		}
		String name = embeddedResourceName();
		ClassLoader loader = RedisBinaries.class.getClassLoader();
		try (InputStream in = loader == null ? null : loader.getResourceAsStream(name)) {
			if (in == null) {
				throw new IllegalStateException("The resource '" + name
						+ "' is not on the classpath: is com.github.codemonstur:embedded-redis a dependency?");
			}
			Path dir = Files.createTempDirectory("jobqueue-embedded-redis-");
			Cleanup.register(() -> Cleanup.deleteRecursively(dir));
			binary = dir.resolve(name);
			Files.copy(in, binary, StandardCopyOption.REPLACE_EXISTING);
			if (!binary.toFile().setExecutable(true, true)) {
				throw new IllegalStateException("Could not make " + binary + " executable");
			}
		}
		catch (IOException e) {
			throw new UncheckedIOException("Could not extract the embedded redis-server '" + name + "'", e);
		}
		extracted = binary;
		return binary;
	}

	private static String os() {
		return System.getProperty("os.name", "").toLowerCase(Locale.ROOT);
	}

}
