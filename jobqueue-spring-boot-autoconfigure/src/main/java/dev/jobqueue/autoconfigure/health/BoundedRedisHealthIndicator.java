package dev.jobqueue.autoconfigure.health;

import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.boot.data.redis.health.DataRedisHealthIndicator;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;

/**
 * Spring Boot's Redis health indicator with a time bound: while a network black hole
 * holds Redis's replies (no error, no closed socket), Boot's own check waits for
 * Lettuce's command timeout (60 s by default) and holds the aggregate
 * {@code /actuator/health} with it, so a probe times out instead of reading DOWN. This
 * indicator runs Boot's check on its own thread and reports DOWN when it has not answered
 * within {@link #TIMEOUT}; a check still unanswered from an earlier call is waited for
 * again rather than joined by another.
 */
public final class BoundedRedisHealthIndicator implements HealthIndicator, DisposableBean {

	/** How long the check waits for Redis before it reports DOWN. */
	public static final Duration TIMEOUT = Duration.ofSeconds(1);

	private final HealthIndicator delegate;

	private final ExecutorService checker = Executors.newSingleThreadExecutor((task) -> {
		Thread thread = new Thread(task, "jobqueue-redis-health");
		thread.setDaemon(true);
		return thread;
	});

	private @Nullable Future<Health> pending;

	/**
	 * Creates the indicator around Boot's.
	 * @param delegate the indicator to bound, normally a {@link DataRedisHealthIndicator}
	 */
	public BoundedRedisHealthIndicator(HealthIndicator delegate) {
		this.delegate = delegate;
	}

	@Override
	public Health health() {
		Future<Health> check;
		synchronized (this) {
			if (this.pending == null || this.pending.isDone()) {
				this.pending = this.checker.submit(() -> this.delegate.health());
			}
			check = this.pending;
		}
		try {
			return check.get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
		}
		catch (TimeoutException ex) {
			return Health.down()
				.withDetail("error", "Redis did not answer within " + TIMEOUT.toMillis() + " ms")
				.build();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return Health.down(ex).build();
		}
		catch (Exception ex) {
			return Health.down(ex).build();
		}
	}

	@Override
	public void destroy() {
		this.checker.shutdownNow();
	}

}
