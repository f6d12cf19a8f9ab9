package dev.jobqueue.test;

import dev.jobqueue.launcher.RedisServerLauncher;
import dev.jobqueue.launcher.RedisServerProcess;
import java.nio.file.Path;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * A {@code redis-server} child process that the tests started, so they can stop, kill and
 * restart it: a {@link RedisTestServer} view of the launcher's
 * {@link RedisServerProcess}.
 */
final class OwnedRedisServer extends AbstractRedisTestServer {

	private final String source;

	private final RedisServerProcess process;

	private final RedisEndpoint endpoint;

	private OwnedRedisServer(String source, RedisServerProcess process, @Nullable String password) {
		this.source = source;
		this.process = process;
		this.endpoint = RedisEndpoint.local(process.port(), password);
	}

	/**
	 * Starts {@code executable} on a free loopback port in a new temporary directory and
	 * waits until it is ready.
	 */
	static OwnedRedisServer start(String source, Path executable, RedisServerOptions options) {
		RedisServerProcess process = RedisServerLauncher.of(executable)
			.name("redis-server")
			.arguments("--appendonly", options.appendOnly() ? "yes" : "no", "--maxmemory-policy",
					options.maxmemoryPolicy())
			.arguments(options.extraArgs())
			.start();
		return new OwnedRedisServer(source, process, requirePass(options.extraArgs()));
	}

	@Override
	RedisEndpoint endpoint() {
		return this.endpoint;
	}

	@Override
	public String version() {
		return this.process.version();
	}

	@Override
	public String source() {
		return this.source;
	}

	@Override
	public boolean owned() {
		return true;
	}

	Path executable() {
		return this.process.executable();
	}

	Path dir() {
		return this.process.directory();
	}

	boolean isAlive() {
		return this.process.isAlive();
	}

	@Override
	public void stop() {
		this.process.stop();
	}

	@Override
	public void kill() {
		this.process.kill();
	}

	@Override
	public void restart() {
		this.process.restart();
	}

	/** Stops the server and deletes its temporary directory. */
	@Override
	public void close() {
		this.process.close();
	}

	private static @Nullable String requirePass(List<String> args) {
		for (int i = 0; i < args.size() - 1; i++) {
			if (args.get(i).equalsIgnoreCase("--requirepass")) {
				return args.get(i + 1);
			}
		}
		return null;
	}

}
