package dev.jobqueue.dashboard;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;

import org.jspecify.annotations.Nullable;

import org.springframework.core.io.ClassPathResource;
import org.springframework.http.MediaType;

/**
 * The console's files, read from the jar once: the page shell, its JavaScript modules and
 * its style sheet. Nothing is loaded from anywhere else, so the console works without a
 * network.
 */
public final class DashboardAssets {

	static final String LOCATION = "dev/jobqueue/dashboard/static/";

	private static final Map<String, MediaType> FILES = Map.of("app.js", MediaType.valueOf("text/javascript"), "api.js",
			MediaType.valueOf("text/javascript"), "dom.js", MediaType.valueOf("text/javascript"), "chart.js",
			MediaType.valueOf("text/javascript"), "pages.js", MediaType.valueOf("text/javascript"), "app.css",
			MediaType.valueOf("text/css"), "favicon.svg", MediaType.valueOf("image/svg+xml"));

	private final Map<String, Asset> assets = new LinkedHashMap<>();

	private final String shell;

	/**
	 * Reads every file.
	 * @throws UncheckedIOException if a file is missing from the jar
	 */
	public DashboardAssets() {
		FILES.forEach((name, type) -> {
			byte[] bytes = read(name);
			this.assets.put(name, new Asset(bytes, type, "\"" + sha256(bytes).substring(0, 16) + "\""));
		});
		this.shell = new String(read("index.html"), java.nio.charset.StandardCharsets.UTF_8);
	}

	/**
	 * Returns one file.
	 * @param name the file name
	 * @return the file, or null for a name that is not one of the console's files
	 */
	public @Nullable Asset get(String name) {
		return this.assets.get(name);
	}

	/**
	 * Returns the page shell, with {@code {{name}}} placeholders.
	 * @return the HTML
	 */
	public String shell() {
		return this.shell;
	}

	private static byte[] read(String name) {
		try (InputStream in = new ClassPathResource(LOCATION + name).getInputStream()) {
			return in.readAllBytes();
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Missing dashboard file " + LOCATION + name, ex);
		}
	}

	private static String sha256(byte[] bytes) {
		try {
			return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
	}

	/**
	 * One file of the console.
	 *
	 * @param bytes its content
	 * @param type its media type
	 * @param etag its entity tag
	 */
	public record Asset(byte[] bytes, MediaType type, String etag) {
	}

}
