package dev.jobqueue.boot.health;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import dev.jobqueue.worker.JobHandlerEndpointRegistry;
import dev.jobqueue.worker.JobWorkerContainer;
import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;
import org.springframework.data.redis.connection.RedisConnection;
import org.springframework.data.redis.connection.RedisConnectionFactory;

/**
 * Reports jobqueue up when Redis answers PING within {@link #PING_TIMEOUT} and, while the
 * workers are meant to run, every worker container that should be claiming is; details
 * list each queue's workers.
 */
public final class JobQueueHealthIndicator extends AbstractHealthIndicator implements DisposableBean {

	/**
	 * How long the check waits for PING. While Redis is unreachable, Lettuce holds
	 * commands until it has reconnected (up to the command timeout, 60 s by default), so
	 * without a bound of its own the check would hang through an outage and report UP
	 * once Redis is back, never DOWN.
	 */
	public static final Duration PING_TIMEOUT = Duration.ofSeconds(2);

	private final RedisConnectionFactory connectionFactory;

	private final @Nullable JobHandlerEndpointRegistry registry;

	private final ExecutorService pinger = Executors.newSingleThreadExecutor((task) -> {
		Thread thread = new Thread(task, "jobqueue-health-ping");
		thread.setDaemon(true);
		return thread;
	});

	private @Nullable Future<String> ping;

	/**
	 * Creates the indicator.
	 * @param connectionFactory the factory of the Redis the queues live in
	 * @param registry the worker registry, or null in a producer-only application
	 */
	public JobQueueHealthIndicator(RedisConnectionFactory connectionFactory,
			@Nullable JobHandlerEndpointRegistry registry) {
		super("jobqueue health check failed");
		this.connectionFactory = connectionFactory;
		this.registry = registry;
	}

	@Override
	protected void doHealthCheck(Health.Builder builder) throws Exception {
		builder.withDetail("redis", ping());
		boolean workersDown = false;
		Map<String, Object> workers = new LinkedHashMap<>();
		JobHandlerEndpointRegistry handlers = this.registry;
		if (handlers != null) {
			for (JobWorkerContainer container : handlers.getContainers()) {
				boolean expected = handlers.isRunning() && container.isAutoStartup();
				boolean running = container.isRunning();
				workersDown |= expected && !running;
				workers.put(container.getQueue(), Map.of("running", running, "concurrency",
						container.getSettings().concurrency(), "active", container.getActiveCount()));
			}
		}
		builder.withDetail("workers", workers);
		if (workersDown) {
			builder.down();
		}
		else {
			builder.up();
		}
	}

	/**
	 * Pings Redis on the indicator's own thread, waiting at most {@link #PING_TIMEOUT}. A
	 * PING still unanswered from an earlier check is waited for again rather than joined
	 * by another, so an outage blocks one thread, not one per check.
	 */
	private String ping() throws Exception {
		Future<String> pending;
		synchronized (this) {
			if (this.ping == null || this.ping.isDone()) {
				this.ping = this.pinger.submit(() -> {
					try (RedisConnection connection = this.connectionFactory.getConnection()) {
						return String.valueOf(connection.ping());
					}
				});
			}
			pending = this.ping;
		}
		try {
			return pending.get(PING_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
		}
		catch (TimeoutException ex) {
			throw new IllegalStateException("Redis did not answer PING within " + PING_TIMEOUT.toMillis() + " ms");
		}
		catch (ExecutionException ex) {
			throw (ex.getCause() instanceof Exception cause) ? cause : ex;
		}
	}

	@Override
	public void destroy() {
		this.pinger.shutdownNow();
	}

}
