package dev.jobqueue.benchmarks;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * A private {@code redis-server} from the PATH on a free loopback port, without
 * persistence, so the benchmark never touches a Redis that someone else uses.
 */
final class RedisProcess implements AutoCloseable {

	private final Process process;

	private final int port;

	private final Path dir;

	private RedisProcess(Process process, int port, Path dir) {
		this.process = process;
		this.port = port;
		this.dir = dir;
	}

	static RedisProcess start(String executable) throws IOException, InterruptedException {
		int port = freePort();
		Path dir = Files.createTempDirectory("jobqueue-bench-redis-" + port + "-");
		Process process = new ProcessBuilder(List.of(executable, "--port", String.valueOf(port), "--bind", "127.0.0.1",
				"--save", "", "--appendonly", "no", "--maxmemory-policy", "noeviction", "--dir", dir.toString(),
				"--logfile", dir.resolve("redis.log").toString()))
			.redirectErrorStream(true)
			.redirectOutput(ProcessBuilder.Redirect.DISCARD)
			.start();
		RedisProcess redis = new RedisProcess(process, port, dir);
		Runtime.getRuntime().addShutdownHook(new Thread(process::destroyForcibly));
		long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
		while (!redis.answers()) {
			if (!process.isAlive() || System.nanoTime() > deadline) {
				redis.close();
				throw new IOException(
						executable + " did not start on port " + port + "; see " + dir.resolve("redis.log"));
			}
			Thread.sleep(20);
		}
		return redis;
	}

	int port() {
		return this.port;
	}

	private boolean answers() {
		try (Socket socket = new Socket("127.0.0.1", this.port)) {
			return true;
		}
		catch (IOException ex) {
			return false;
		}
	}

	/**
	 * A free port below the kernel's ephemeral range (32768 and up), so that no test
	 * fixture on this shared machine that asks for port 0 can be handed it, and then stop
	 * or restart "its" server on it.
	 */
	private static int freePort() throws IOException {
		for (int attempt = 0; attempt < 100; attempt++) {
			int port = 20000 + ThreadLocalRandom.current().nextInt(10000);
			try (ServerSocket socket = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
				return socket.getLocalPort();
			}
			catch (IOException ex) {
				// taken; try another
			}
		}
		throw new IOException("No free port found between 20000 and 29999");
	}

	boolean isAlive() {
		return this.process.isAlive();
	}

	Path logFile() {
		return this.dir.resolve("redis.log");
	}

	@Override
	public void close() throws InterruptedException {
		if (!this.process.isAlive()) {
			System.err.println("redis-server had exited with " + this.process.exitValue() + "; its log: " + logFile());
			return;
		}
		this.process.destroy();
		if (!this.process.waitFor(10, TimeUnit.SECONDS)) {
			this.process.destroyForcibly();
		}
		try (var files = Files.walk(this.dir)) {
			files.sorted(java.util.Comparator.reverseOrder()).forEach((path) -> path.toFile().delete());
		}
		catch (IOException ex) {
			// A leftover temporary directory is harmless.
		}
	}

}
