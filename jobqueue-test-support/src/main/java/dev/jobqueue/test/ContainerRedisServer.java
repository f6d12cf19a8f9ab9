package dev.jobqueue.test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.utility.DockerImageName;

/**
 * A Redis in a Testcontainers container; only Testcontainers classes live here, so they
 * load only when Docker is used.
 */
final class ContainerRedisServer extends AbstractRedisTestServer {

	static final String IMAGE = "redis:7.4-alpine";

	private final GenericContainer<?> container;

	private final RedisEndpoint endpoint;

	private final String version;

	private ContainerRedisServer(GenericContainer<?> container, RedisEndpoint endpoint, String version) {
		this.container = container;
		this.endpoint = endpoint;
		this.version = version;
	}

	/**
	 * Whether {@link DockerClientFactory} finds a Docker engine that answers; never
	 * throws, and gives up after {@code timeout} (the check runs on a daemon thread, so a
	 * hanging Docker host cannot hang the tests).
	 */
	static boolean dockerAvailable(Duration timeout) {
		CompletableFuture<Boolean> answer = new CompletableFuture<>();
		Thread check = new Thread(() -> {
			try {
				answer.complete(DockerClientFactory.instance().isDockerAvailable());
			}
			catch (Throwable e) {
				answer.complete(false);
			}
		}, "jobqueue-test-docker-check");
		check.setDaemon(true);
		check.start();
		try {
			return answer.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
		}
		catch (InterruptedException e) {
			Thread.currentThread().interrupt();
			return false;
		}
		catch (ExecutionException | TimeoutException e) {
			return false;
		}
	}

	static ContainerRedisServer start() {
		GenericContainer<?> container = new GenericContainer<>(DockerImageName.parse(IMAGE)).withExposedPorts(6379);
		container.start();
		try {
			RedisEndpoint endpoint = new RedisEndpoint(container.getHost(), container.getMappedPort(6379), null, null,
					0, false);
			String version = Resp
				.versionFromInfo(Resp.command(endpoint.host(), endpoint.port(), null, "INFO", "server"));
			// Testcontainers' Ryuk removes the container too, but only after the JVM has
			// gone
			Runtime.getRuntime().addShutdownHook(new Thread(container::stop, "jobqueue-test-redis-container"));
			return new ContainerRedisServer(container, endpoint, version);
		}
		catch (IOException e) {
			container.stop();
			throw new UncheckedIOException("The " + IMAGE + " container does not answer", e);
		}
		catch (RuntimeException e) {
			container.stop();
			throw e;
		}
	}

	@Override
	RedisEndpoint endpoint() {
		return endpoint;
	}

	@Override
	public String version() {
		return version;
	}

	@Override
	public String source() {
		return "testcontainers";
	}

	@Override
	public boolean owned() {
		return true;
	}

	@Override
	public void stop() {
		container.stop();
	}

	@Override
	public void kill() {
		throw new UnsupportedOperationException(
				"A Testcontainers Redis cannot be killed and restarted on the same port; "
						+ "use RedisTestServers.startOwned(...)");
	}

	@Override
	public void restart() {
		kill();
	}

	@Override
	public void close() {
		stop();
	}

}
