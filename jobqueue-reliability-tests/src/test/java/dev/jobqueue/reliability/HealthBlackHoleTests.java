package dev.jobqueue.reliability;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import dev.jobqueue.test.RedisServerOptions;
import dev.jobqueue.test.RedisTestServer;
import dev.jobqueue.test.RedisTestServers;
import org.junit.jupiter.api.Test;

import org.springframework.boot.health.actuate.endpoint.HealthDescriptor;
import org.springframework.boot.health.actuate.endpoint.HealthEndpoint;
import org.springframework.boot.health.contributor.Status;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Issue 17, defect 5: the aggregate {@code /actuator/health} of an application on the
 * starter answers DOWN within a stated bound while a network black hole (a proxy that
 * stops forwarding without closing sockets) cuts it off from Redis, and UP again once the
 * hole closes. Boot's own Redis contributor would wait for Lettuce's command timeout (60
 * s by default); the starter bounds it.
 */
class HealthBlackHoleTests {

	/**
	 * The stated bound: the jobqueue indicator's 2 s PING bound plus the Redis
	 * indicator's 1 s bound, plus 1 s of slack for a loaded machine; probes need a
	 * timeout above it.
	 */
	static final Duration BOUND = Duration.ofMillis(4000);

	@Test
	void theAggregateHealthAnswersDownWithinTheBoundDuringABlackHoleAndUpAfterIt() throws Exception {
		long started = System.nanoTime();
		try (RedisTestServer server = RedisTestServers.startOwned(RedisServerOptions.defaults());
				FaultProxy proxy = FaultProxy.start(server.host(), server.port());
				StarterApp app = StarterApp.start(List.of(), "spring.data.redis.host=127.0.0.1",
						"spring.data.redis.port=" + proxy.port(), "spring.jmx.enabled=true",
						"management.endpoints.jmx.exposure.include=health",
						"management.endpoint.health.show-components=always")) {
			HealthEndpoint health = app.bean(HealthEndpoint.class);
			assertThat(timed(health).getStatus()).isEqualTo(Status.UP);

			proxy.blackHole(true);
			long[] answers = new long[3];
			for (int i = 0; i < answers.length; i++) {
				long start = System.nanoTime();
				HealthDescriptor during = timed(health);
				answers[i] = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
				assertThat(during.getStatus()).as("health during the hole").isEqualTo(Status.DOWN);
			}
			proxy.blackHole(false);
			long closed = System.nanoTime();
			await("health UP after the hole").atMost(Duration.ofSeconds(30))
				.pollInterval(Duration.ofMillis(100))
				.until(() -> timed(health).getStatus().equals(Status.UP));
			System.out.printf(
					"RELIABILITY: network black hole: aggregate /actuator/health answered DOWN in %s ms (bound %d ms), "
							+ "UP %.2f s after the hole closed; test %.1f s%n",
					java.util.Arrays.toString(answers), BOUND.toMillis(), (System.nanoTime() - closed) / 1e9,
					(System.nanoTime() - started) / 1e9);
			for (long answer : answers) {
				assertThat(answer).isLessThanOrEqualTo(BOUND.toMillis());
			}
		}
	}

	/**
	 * Reads the aggregate health as the endpoint serves it, giving up (and failing) after
	 * twice the bound, as a probe with a timeout would.
	 */
	private static HealthDescriptor timed(HealthEndpoint health) throws Exception {
		return CompletableFuture.supplyAsync(health::health).get(2 * BOUND.toMillis(), TimeUnit.MILLISECONDS);
	}

}
