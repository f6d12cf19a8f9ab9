package dev.jobqueue.worker;

import java.time.Duration;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;

import dev.jobqueue.JobQueueClients;
import dev.jobqueue.JobQueueOperations;
import dev.jobqueue.JobWorkerProtocol;
import dev.jobqueue.test.RedisTestServers;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.util.ReflectionUtils;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Tests of what {@link JobWorkerContainer} does when its claim loop dies.
 */
class JobWorkerContainerFailureTests {

	private static LettuceConnectionFactory connectionFactory;

	private final String queue = "t" + ProcessHandle.current().pid() + "-dies-" + System.nanoTime();

	@BeforeAll
	static void connect() {
		connectionFactory = RedisTestServers.shared().newConnectionFactory();
	}

	@AfterAll
	static void disconnect() {
		connectionFactory.destroy();
	}

	@Test
	void aClaimLoopThatDiesOfAnErrorStopsItsThreadsAndTheContainerCanStartAgain() {
		JobQueueClients clients = JobQueueClients.builder(connectionFactory).build();
		JobQueueOperations jobs = clients.template();
		AtomicBoolean failNextClaim = new AtomicBoolean();
		JobWorkerProtocol protocol = Intercepted.before(JobWorkerProtocol.class, clients.workerProtocol(), "claim",
				() -> {
					if (failNextClaim.compareAndSet(true, false)) {
						throw new SimulatedError();
					}
				});
		Recorder recorder = new Recorder();
		JobWorkerContainer container = container(protocol, recorder);
		try {
			container.start();
			jobs.enqueue(this.queue, "before");
			await().atMost(Duration.ofSeconds(10)).until(() -> recorder.payloads.contains("before"));
			assertThat(threadsOf(this.queue)).as("worker and lease threads while running").isNotEmpty();

			failNextClaim.set(true);

			await("the container reports stopped").atMost(Duration.ofSeconds(10)).until(() -> !container.isRunning());
			await("its worker pool and lease scheduler are gone").atMost(Duration.ofSeconds(10))
				.until(() -> threadsOf(this.queue).isEmpty());

			container.start();
			assertThat(container.isRunning()).isTrue();
			jobs.enqueue(this.queue, "after");
			await("a job enqueued after the restart runs").atMost(Duration.ofSeconds(10))
				.until(() -> recorder.payloads.contains("after"));
		}
		finally {
			container.stop();
			clients.destroy();
		}
	}

	private JobWorkerContainer container(JobWorkerProtocol jobs, Recorder recorder) {
		JobWorkerContainerFactory factory = new JobWorkerContainerFactory(jobs);
		factory
			.setSettings((name) -> new JobWorkerSettings(2, Duration.ofMillis(200), Duration.ofSeconds(2), true, true));
		JobHandlerEndpoint endpoint = new JobHandlerEndpoint("recorder", this.queue, null, recorder,
				ReflectionUtils.findMethod(Recorder.class, "handle", String.class), null, null);
		return factory.createContainer(this.queue, List.of(endpoint));
	}

	private static List<Thread> threadsOf(String queue) {
		return Thread.getAllStackTraces()
			.keySet()
			.stream()
			.filter((thread) -> thread.isAlive() && thread.getName().startsWith("jobqueue-" + queue + "-"))
			.toList();
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

	static final class SimulatedError extends Error {

		private static final long serialVersionUID = 1L;

		SimulatedError() {
			super("simulated error in the claim loop");
		}

	}

}
