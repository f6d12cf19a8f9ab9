package dev.jobqueue.autoconfigure.health;

import java.util.LinkedHashMap;
import java.util.Map;

import dev.jobqueue.worker.JobHandlerEndpointRegistry;
import dev.jobqueue.worker.JobWorkerContainer;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;
import org.springframework.data.redis.connection.RedisConnection;
import org.springframework.data.redis.connection.RedisConnectionFactory;

/**
 * Reports jobqueue up when Redis answers PING and, while the workers are meant to run, every
 * worker container that should be claiming is; details list each queue's workers.
 */
public final class JobQueueHealthIndicator extends AbstractHealthIndicator {

	private final RedisConnectionFactory connectionFactory;

	private final @Nullable JobHandlerEndpointRegistry registry;

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
	protected void doHealthCheck(Health.Builder builder) {
		try (RedisConnection connection = this.connectionFactory.getConnection()) {
			builder.withDetail("redis", connection.ping());
		}
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

}
