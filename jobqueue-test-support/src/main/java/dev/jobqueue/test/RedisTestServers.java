package dev.jobqueue.test;

import dev.jobqueue.launcher.RedisExecutables;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/** Finds or starts the real Redis servers used by the tests. */
public final class RedisTestServers {

	/**
	 * System property that forces how the shared Redis is found: auto, url,
	 * testcontainers, path or embedded.
	 */
	static final String FLAVOUR_PROPERTY = "jobqueue.test.redis";

	/**
	 * Environment variable with the same meaning as {@link #FLAVOUR_PROPERTY}, used when
	 * that property is not set.
	 */
	static final String FLAVOUR_ENV = "JOBQUEUE_TEST_REDIS";

	/**
	 * Environment variable naming a Redis that is used as it is, never flushed nor
	 * stopped.
	 */
	static final String URL_ENV = "JOBQUEUE_TEST_REDIS_URL";

	static final Duration DOCKER_CHECK_TIMEOUT = Duration.ofSeconds(5);

	private static @Nullable SharedRedisServer shared;

	private static @Nullable RuntimeException sharedFailure;

	private RedisTestServers() {
	}

	/**
	 * The Redis shared by every test in this JVM, resolved once, lazily, in this order:
	 * {@code JOBQUEUE_TEST_REDIS_URL}; Testcontainers {@code redis:7.4-alpine} when a
	 * Docker engine answers; a {@code redis-server} on the PATH; the embedded-redis
	 * binary. System property {@code jobqueue.test.redis} (or env
	 * {@code JOBQUEUE_TEST_REDIS}) forces one of {@code auto}, {@code url},
	 * {@code testcontainers}, {@code path}, {@code embedded}.
	 *
	 * <p>
	 * Its {@link RedisTestServer#close()} does nothing and its stop, kill and restart
	 * throw: a shutdown hook stops it.
	 */
	public static synchronized RedisTestServer shared() {
		SharedRedisServer server = shared;
		if (server != null) {
			return server;
		}
		RuntimeException failure = sharedFailure;
		if (failure != null) {
			throw new IllegalStateException(
					"The shared test Redis could not be started earlier: " + failure.getMessage(), failure);
		}
		try {
			server = resolve(Settings.fromSystem());
		}
		catch (RuntimeException e) {
			sharedFailure = e;
			throw e;
		}
		System.err.println("[jobqueue-test] shared Redis " + server.version() + " at " + server.endpoint() + ", source="
				+ server.source() + " (" + server.how() + ")");
		shared = server;
		return server;
	}

	/**
	 * Starts a new Redis process owned by the caller, with the given options: the forced
	 * flavour if it is {@code path} or {@code embedded}, otherwise a {@code redis-server}
	 * on the PATH if there is one, else the embedded binary.
	 */
	public static RedisTestServer startOwned(RedisServerOptions options) {
		Flavour forced = Settings.fromSystem().flavour();
		return startOwned(forced == Flavour.PATH || forced == Flavour.EMBEDDED ? forced : Flavour.AUTO, options);
	}

	/**
	 * Starts an owned process of the given flavour: {@code PATH}, {@code EMBEDDED}, or
	 * {@code AUTO} for PATH else embedded.
	 */
	static OwnedRedisServer startOwned(Flavour flavour, RedisServerOptions options) {
		switch (flavour) {
			case PATH:
				return OwnedRedisServer.start("path", requirePathBinary(), options);
			case EMBEDDED:
				return OwnedRedisServer.start("embedded", RedisExecutables.embedded(), options);
			case AUTO:
				Optional<Path> onPath = RedisExecutables.onPath("redis-server");
				return onPath.isPresent() ? OwnedRedisServer.start("path", onPath.get(), options)
						: OwnedRedisServer.start("embedded", RedisExecutables.embedded(), options);
			default:
				throw new IllegalArgumentException(
						"An owned Redis is started from the PATH or the embedded binary, not " + flavour);
		}
	}

	/**
	 * Finds or starts a Redis as {@link #shared()} does, for the given settings; the
	 * caller owns the result.
	 */
	static SharedRedisServer resolve(Settings settings) {
		Flavour flavour = settings.flavour();
		String url = settings.url();
		switch (flavour) {
			case URL:
				if (url == null) {
					throw new IllegalStateException(FLAVOUR_PROPERTY + "=url, but the environment variable " + URL_ENV
							+ " (redis://[user:pass@]host:port[/db]) is not set");
				}
				return new SharedRedisServer(ExternalRedisServer.connect(url), "forced url, " + URL_ENV);
			case TESTCONTAINERS:
				if (!ContainerRedisServer.dockerAvailable(DOCKER_CHECK_TIMEOUT)) {
					throw new IllegalStateException(
							FLAVOUR_PROPERTY + "=testcontainers, but Testcontainers finds no Docker engine "
									+ "that answers (DockerClientFactory.isDockerAvailable() said no, or took over "
									+ DOCKER_CHECK_TIMEOUT.toSeconds() + " s)");
				}
				return new SharedRedisServer(ContainerRedisServer.start(),
						"forced testcontainers, " + ContainerRedisServer.IMAGE);
			case PATH: {
				OwnedRedisServer server = startOwned(Flavour.PATH, RedisServerOptions.defaults());
				return new SharedRedisServer(server, "forced path, " + server.executable());
			}
			case EMBEDDED: {
				OwnedRedisServer server = startOwned(Flavour.EMBEDDED, RedisServerOptions.defaults());
				return new SharedRedisServer(server, "forced embedded, " + server.executable().getFileName());
			}
			case AUTO:
				return resolveAuto(url);
			default:
				throw new AssertionError(flavour);
		}
	}

	private static SharedRedisServer resolveAuto(@Nullable String url) {
		if (url != null) {
			return new SharedRedisServer(ExternalRedisServer.connect(url), "auto, " + URL_ENV + " is set");
		}
		List<String> notes = new ArrayList<>();
		notes.add(URL_ENV + " not set");
		if (ContainerRedisServer.dockerAvailable(DOCKER_CHECK_TIMEOUT)) {
			try {
				return new SharedRedisServer(ContainerRedisServer.start(),
						"auto, " + URL_ENV + " not set, Docker answers, " + ContainerRedisServer.IMAGE);
			}
			catch (RuntimeException e) {
				notes.add("Docker answers but " + ContainerRedisServer.IMAGE + " failed: " + e.getMessage());
			}
		}
		else {
			notes.add("no Docker engine");
		}
		Optional<Path> onPath = RedisExecutables.onPath("redis-server");
		if (onPath.isPresent()) {
			try {
				OwnedRedisServer server = OwnedRedisServer.start("path", onPath.get(), RedisServerOptions.defaults());
				notes.add(onPath.get().toString());
				return new SharedRedisServer(server, "auto, " + String.join(", ", notes));
			}
			catch (RuntimeException e) {
				notes.add(onPath.get() + " failed: " + firstLine(e.getMessage()));
			}
		}
		else {
			notes.add("no redis-server on the PATH");
		}
		OwnedRedisServer server = OwnedRedisServer.start("embedded", RedisExecutables.embedded(),
				RedisServerOptions.defaults());
		notes.add(server.executable().getFileName().toString());
		return new SharedRedisServer(server, "auto, " + String.join(", ", notes));
	}

	private static Path requirePathBinary() {
		return RedisExecutables.onPath("redis-server")
			.orElseThrow(() -> new IllegalStateException("No executable redis-server on the PATH ("
					+ System.getenv("PATH") + "); install one (apt-get install " + "redis-server) or use "
					+ FLAVOUR_PROPERTY + "=embedded"));
	}

	private static String firstLine(@Nullable String message) {
		if (message == null) {
			return "";
		}
		int newline = message.indexOf('\n');
		return newline < 0 ? message : message.substring(0, newline);
	}

	/** How a Redis is found: {@code auto} tries the others in order. */
	enum Flavour {

		AUTO, URL, TESTCONTAINERS, PATH, EMBEDDED;

		static Flavour parse(@Nullable String value) {
			if (value == null || value.isBlank()) {
				return AUTO;
			}
			for (Flavour flavour : values()) {
				if (flavour.name().equalsIgnoreCase(value.trim())) {
					return flavour;
				}
			}
			throw new IllegalArgumentException(FLAVOUR_PROPERTY + " (or " + FLAVOUR_ENV + ") must be one of auto, url, "
					+ "testcontainers, path, embedded; it is '" + value + "'");
		}

		@Override
		public String toString() {
			return name().toLowerCase(Locale.ROOT);
		}

	}

	/** The environment that decides how the shared Redis is found. */
	record Settings(Flavour flavour, @Nullable String url) {

		static Settings fromSystem() {
			String flavour = System.getProperty(FLAVOUR_PROPERTY);
			if (flavour == null || flavour.isBlank()) {
				flavour = System.getenv(FLAVOUR_ENV);
			}
			String url = System.getenv(URL_ENV);
			return new Settings(Flavour.parse(flavour), url == null || url.isBlank() ? null : url.trim());
		}
	}

}
