package dev.jobqueue.launcher;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The log a {@code redis-server} writes to its directory, appended to across restarts:
 * the launcher reads it to know when the server is ready and which version it is, and
 * quotes its end when something fails.
 */
final class RedisServerLog {

	/** Redis prints the first once it serves clients; a Sentinel prints the second. */
	private static final List<String> READY_MARKERS = List.of("Ready to accept connections", "Sentinel ID is");

	private static final Pattern VERSION = Pattern.compile("Redis version=([0-9][^,\\s]*)");

	private static final int TAIL_LINES = 40;

	private final Path file;

	RedisServerLog(Path file) {
		this.file = file;
	}

	Path file() {
		return this.file;
	}

	/** Where the next start's output begins. */
	long size() {
		try {
			return Files.exists(this.file) ? Files.size(this.file) : 0;
		}
		catch (IOException ex) {
			return 0;
		}
	}

	/** What was written from {@code offset} on, or nothing when it cannot be read. */
	String since(long offset) {
		try {
			byte[] bytes = Files.exists(this.file) ? Files.readAllBytes(this.file) : new byte[0];
			int from = (int) Math.min(offset, bytes.length);
			return new String(bytes, from, bytes.length - from, StandardCharsets.UTF_8);
		}
		catch (IOException ex) {
			return "";
		}
	}

	static boolean saysReady(String output) {
		return READY_MARKERS.stream().anyMatch(output::contains);
	}

	static boolean saysPortInUse(String output) {
		return output.contains("Address already in use");
	}

	static String version(String output) {
		Matcher version = VERSION.matcher(output);
		return version.find() ? version.group(1) : "unknown";
	}

	/** The last 40 lines, or a note saying why there are none. */
	String tail() {
		try {
			if (!Files.exists(this.file)) {
				return "(no log written)";
			}
			List<String> lines = Files.readAllLines(this.file, StandardCharsets.UTF_8);
			return String.join("\n", lines.subList(Math.max(0, lines.size() - TAIL_LINES), lines.size()));
		}
		catch (IOException | UncheckedIOException ex) {
			return "(could not read " + this.file + ": " + ex + ")";
		}
	}

}
