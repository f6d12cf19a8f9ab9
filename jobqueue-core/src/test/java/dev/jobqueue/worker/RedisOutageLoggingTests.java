package dev.jobqueue.worker;

import java.time.Duration;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.spi.ILoggingEvent;
import dev.jobqueue.JobQueueAdmin;
import dev.jobqueue.JobQueueClients;
import dev.jobqueue.JobQueueOperations;
import dev.jobqueue.JobWorkerProtocol;
import dev.jobqueue.test.RedisServerOptions;
import dev.jobqueue.test.RedisTestServer;
import dev.jobqueue.test.RedisTestServers;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import org.junit.jupiter.api.Test;

import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.util.ReflectionUtils;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Tests of what the claim loop and the reclaimer log while Redis is down from the start,
 * and how soon claiming resumes when it comes back, on a Redis the test stops and starts.
 */
class RedisOutageLoggingTests {

	private final String queue = "t" + ProcessHandle.current().pid() + "-outage-" + System.nanoTime();

	@Test
	void redisDownAtStartupIsLoggedOncePerComponentAndJobsRunSoonAfterItReturns() {
		try (RedisTestServer server = RedisTestServers.startOwned(RedisServerOptions.defaults());
				CapturedLog log = CapturedLog.of(JobClaimLoop.class, JobQueueReclaimer.class, JobWorkerContainer.class,
						JobLeaseExtender.class)) {
			LettuceConnectionFactory connectionFactory = server.newConnectionFactory();
			JobQueueClients clients = JobQueueClients.builder(connectionFactory).build();
			JobQueueOperations jobs = clients.template();
			AtomicInteger failedClaims = new AtomicInteger();
			AtomicInteger failedSweeps = new AtomicInteger();
			Recorder recorder = new Recorder();
			JobWorkerContainer container = container(Intercepted.countingFailures(JobWorkerProtocol.class,
					clients.workerProtocol(), "claim", failedClaims), recorder);
			JobQueueReclaimer reclaimer = new JobQueueReclaimer(
					Intercepted.countingFailures(JobQueueAdmin.class, clients.admin(), "reclaimStuck", failedSweeps),
					() -> List.of(this.queue), (name) -> Duration.ofMillis(100));
			long outageStarted = System.nanoTime();
			long outageNanos;
			server.stop();
			try {
				container.start();
				reclaimer.start();
				await("claims and sweeps keep failing").atMost(Duration.ofSeconds(60))
					.until(() -> failedClaims.get() >= 10 && failedSweeps.get() >= 20);

				server.restart();
				String id = await("Redis answers again").atMost(Duration.ofSeconds(30))
					.ignoreExceptions()
					.until(() -> jobs.enqueue(this.queue, "back"), (enqueued) -> enqueued != null);
				await("the job enqueued after the outage runs").atMost(Duration.ofSeconds(30))
					.until(() -> recorder.payloads.contains("back"));
				await("both recoveries are logged").atMost(Duration.ofSeconds(30))
					.until(() -> log.containing("works again").size() >= 2);
				outageNanos = System.nanoTime() - outageStarted;
				assertThat(id).isNotNull();
			}
			finally {
				reclaimer.stop();
				container.stop();
				clients.destroy();
				connectionFactory.destroy();
			}
			// a loaded machine stretches the outage: one summary per 30 s it lasted
			int summaries = (int) (Duration.ofNanos(outageNanos).toSeconds() / 30) + 2;
			assertOutageLoggedOnce(log.events(JobClaimLoop.class, Level.WARN), "Claiming from queue '" + this.queue,
					summaries);
			assertOutageLoggedOnce(log.events(JobQueueReclaimer.class, Level.WARN), "Sweeping queue '" + this.queue,
					summaries);
			assertThat(log.events(JobClaimLoop.class, Level.ERROR)).isEmpty();
			assertThat(log.events(JobQueueReclaimer.class, Level.ERROR)).isEmpty();
			assertThat(log.events(JobClaimLoop.class, Level.INFO)).singleElement()
				.satisfies((event) -> assertThat(event.getFormattedMessage()).contains("works again"));
			assertThat(log.events(JobQueueReclaimer.class, Level.INFO)).singleElement()
				.satisfies((event) -> assertThat(event.getFormattedMessage()).contains("works again"));
		}
	}

	@Test
	void aSweepInterruptedByStopIsNotLoggedAsAnOutage() throws InterruptedException {
		try (RedisTestServer server = RedisTestServers.startOwned(RedisServerOptions.defaults());
				CapturedLog log = CapturedLog.of(JobQueueReclaimer.class)) {
			LettuceConnectionFactory connectionFactory = server.newConnectionFactory();
			JobQueueClients clients = JobQueueClients.builder(connectionFactory).build();
			RedisClient client = server.newLettuceClient();
			CountDownLatch started = new CountDownLatch(1);
			AtomicInteger failedSweeps = new AtomicInteger();
			JobQueueAdmin admin = Intercepted.countingFailures(JobQueueAdmin.class,
					Intercepted.before(JobQueueAdmin.class, clients.admin(), "reclaimStuck", started::countDown),
					"reclaimStuck", failedSweeps);
			JobQueueReclaimer reclaimer = new JobQueueReclaimer(admin, () -> List.of(this.queue),
					(name) -> Duration.ofMillis(50));
			try (StatefulRedisConnection<String, String> pauser = client.connect()) {
				// the sweep waits while Redis pauses its clients, until stop interrupts
				// it
				pauser.sync().clientPause(5_000);
				reclaimer.start();
				assertThat(started.await(30, TimeUnit.SECONDS)).isTrue();
				reclaimer.stop();
				await("the interrupted sweep ended").atMost(Duration.ofSeconds(30))
					.until(() -> failedSweeps.get() == 1);
			}
			finally {
				reclaimer.stop();
				client.shutdown();
				clients.destroy();
				connectionFactory.destroy();
			}
			assertThat(log.events(JobQueueReclaimer.class, Level.WARN)).isEmpty();
		}
	}

	/**
	 * One line when the outage starts, then at most a summary per 30 s; no stack traces.
	 */
	private static void assertOutageLoggedOnce(List<ILoggingEvent> warnings, String task, int summaries) {
		assertThat(warnings).isNotEmpty();
		assertThat(warnings.get(0).getFormattedMessage()).startsWith(task);
		assertThat(warnings).allSatisfy((event) -> assertThat(event.getThrowableProxy()).isNull());
		assertThat(warnings.subList(1, warnings.size()))
			.allSatisfy((event) -> assertThat(event.getFormattedMessage()).contains("still failing"));
		assertThat(warnings).hasSizeLessThanOrEqualTo(1 + summaries);
	}

	private JobWorkerContainer container(JobWorkerProtocol jobs, Recorder recorder) {
		JobWorkerContainerFactory factory = new JobWorkerContainerFactory(jobs);
		factory
			.setSettings((name) -> new JobWorkerSettings(2, Duration.ofMillis(200), Duration.ofSeconds(2), true, true));
		JobHandlerEndpoint endpoint = new JobHandlerEndpoint("recorder", this.queue, null, recorder,
				ReflectionUtils.findMethod(Recorder.class, "handle", String.class), null, null);
		return factory.createContainer(this.queue, List.of(endpoint));
	}

	/**
	 * A handler that records the payloads it got.
	 */
	static final class Recorder {

		final Queue<String> payloads = new ConcurrentLinkedQueue<>();

		public void handle(String payload) {
			this.payloads.add(payload.replace("\"", ""));
		}

	}

}
