package dev.jobqueue.sample;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import redis.embedded.core.ExecutableProvider;

import org.springframework.util.FileSystemUtils;

/**
 * A {@code redis-server} process from the binary shipped in
 * {@code com.github.codemonstur:embedded-redis}, run by the demo itself rather than by
 * that library's {@code RedisServer}, whose JVM shutdown hook would stop Redis while the
 * workers are still draining: this one stops only when told, after the application
 * context has closed.
 */
final class EmbeddedRedis {

	private static final Log logger = LogFactory.getLog(EmbeddedRedis.class);

	private static final long START_TIMEOUT_SECONDS = 20;

	/**
	 * How long the JVM shutdown hook leaves the context to close before it stops the
	 * server itself.
	 */
	private static final long CONTEXT_CLOSE_GRACE_SECONDS = 60;

	private final int port;

	private final Process process;

	private final Path directory;

	private final CountDownLatch stopped = new CountDownLatch(1);

	private EmbeddedRedis(int port, Process process, Path directory) {
		this.port = port;
		this.process = process;
		this.directory = directory;
	}

	/**
	 * Starts a server on a loopback port that keeps nothing on disk and evicts nothing.
	 * @param port the port
	 * @return the running server
	 * @throws UncheckedIOException if the binary cannot be extracted or the server does
	 * not start
	 */
	static EmbeddedRedis start(int port) {
		Path directory = null;
		try {
			File binary = ExecutableProvider.newJarResourceProvider().get();
			directory = Files.createTempDirectory("jobqueue-sample-redis-");
			Process process = new ProcessBuilder(binary.getAbsolutePath(), "--port", String.valueOf(port), "--bind",
					"127.0.0.1", "--save", "", "--appendonly", "no", "--maxmemory-policy", "noeviction", "--daemonize",
					"no", "--dir", directory.toString())
				.redirectErrorStream(true)
				.start();
			EmbeddedRedis redis = new EmbeddedRedis(port, process, directory);
			redis.awaitReady();
			Runtime.getRuntime().addShutdownHook(new Thread(redis::stopUnlessContextDoes, "embedded-redis-shutdown"));
			return redis;
		}
		catch (IOException ex) {
			deleteQuietly(directory);
			throw new UncheckedIOException("Could not start the embedded Redis on port " + port, ex);
		}
	}

	int port() {
		return this.port;
	}

	boolean isAlive() {
		return this.process.isAlive();
	}

	/**
	 * Stops the server (SIGTERM, then a kill after five seconds) and deletes its
	 * directory; does nothing when already stopped.
	 */
	synchronized void stop() {
		if (this.stopped.getCount() == 0) {
			return;
		}
		this.stopped.countDown();
		this.process.destroy();
		try {
			if (!this.process.waitFor(5, TimeUnit.SECONDS)) {
				this.process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			this.process.destroyForcibly();
		}
		deleteQuietly(this.directory);
	}

	/**
	 * Runs at JVM shutdown alongside Spring's own hook: gives the context time to close
	 * (and stop the server after its workers have drained), and stops the server only if
	 * that never happens.
	 */
	private void stopUnlessContextDoes() {
		try {
			if (!this.stopped.await(CONTEXT_CLOSE_GRACE_SECONDS, TimeUnit.SECONDS)) {
				stop();
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			stop();
		}
	}

	private void awaitReady() throws IOException {
		CountDownLatch ready = new CountDownLatch(1);
		List<String> output = Collections.synchronizedList(new ArrayList<>());
		Thread reader = new Thread(() -> readOutput(ready, output), "embedded-redis-" + this.port + "-output");
		reader.setDaemon(true);
		reader.start();
		try {
			if (!ready.await(START_TIMEOUT_SECONDS, TimeUnit.SECONDS) || !this.process.isAlive()) {
				stop();
				throw new IOException("redis-server did not get ready on port " + this.port + ": " + output);
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			stop();
			throw new IOException("Interrupted while starting redis-server", ex);
		}
	}

	/**
	 * Reads the server's log until it ends, so the pipe never fills and blocks the
	 * server.
	 */
	private void readOutput(CountDownLatch ready, List<String> output) {
		try (BufferedReader lines = new BufferedReader(
				new InputStreamReader(this.process.getInputStream(), StandardCharsets.UTF_8))) {
			String line;
			while ((line = lines.readLine()) != null) {
				if (ready.getCount() > 0) {
					output.add(line);
					if (line.contains("Ready to accept connections")) {
						ready.countDown();
					}
				}
				logger.debug(line);
			}
		}
		catch (IOException ex) {
			logger.debug("Output of the embedded Redis on port " + this.port + " ended", ex);
		}
		finally {
			ready.countDown();
		}
	}

	private static void deleteQuietly(Path directory) {
		if (directory != null) {
			try {
				FileSystemUtils.deleteRecursively(directory);
			}
			catch (IOException ex) {
				logger.debug("Could not delete " + directory, ex);
			}
		}
	}

}
