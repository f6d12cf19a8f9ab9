package dev.jobqueue.boot.metrics;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import dev.jobqueue.ClaimedJob;
import dev.jobqueue.JobOptions;
import dev.jobqueue.JobQueueClients;
import dev.jobqueue.JobQueueTemplate;
import dev.jobqueue.JobWorkerProtocol;
import dev.jobqueue.QueueSettings;
import dev.jobqueue.autoconfigure.TestRedis;
import dev.jobqueue.worker.JobOutcome;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests of the values {@link JobQueueMetrics} reports, on a real Redis.
 */
class JobQueueMetricsTests {

	private final String queue = TestRedis.uniqueQueue("metrics");

	private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

	private LettuceConnectionFactory connectionFactory;

	private JobQueueClients clients;

	private JobQueueTemplate jobs;

	private JobWorkerProtocol worker;

	private JobQueueMetrics metrics;

	@BeforeEach
	void setUp() {
		this.connectionFactory = TestRedis.server().newConnectionFactory();
		this.clients = JobQueueClients.builder(this.connectionFactory)
			.settings((name) -> QueueSettings.defaults(name).withMaxAttempts(2))
			.build();
		this.jobs = this.clients.template();
		this.worker = this.clients.workerProtocol();
		// A long interval: the test refreshes by hand, so the values it checks are the
		// ones it caused.
		this.metrics = new JobQueueMetrics(this.clients.admin(), () -> List.of(this.queue), Duration.ofHours(1));
	}

	@AfterEach
	void tearDown() {
		this.metrics.destroy();
		this.clients.destroy();
		this.connectionFactory.destroy();
	}

	@Test
	void gaugesAndCountersFollowTheQueue() {
		this.metrics.bindTo(this.registry);
		this.jobs.enqueueAll(this.queue, List.of(1, 2, 3));
		this.worker.complete(claim(), "ok");
		this.worker.fail(claim(), "boom");
		this.worker.fail(claim(), "bad input", false);
		this.jobs.enqueueAll(this.queue, List.of(4, 5), JobOptions.delay(Duration.ofHours(1)));

		this.metrics.refresh();

		assertThat(gauge("pending")).isEqualTo(1);
		assertThat(gauge("processing")).isZero();
		assertThat(gauge("completed")).isEqualTo(1);
		assertThat(gauge("failed")).isEqualTo(1);
		assertThat(gauge("delayed")).isEqualTo(2);
		assertThat(counter("enqueued")).isEqualTo(5);
		assertThat(counter("completed")).isEqualTo(1);
		assertThat(counter("retried")).isEqualTo(1);
		assertThat(counter("failed")).isEqualTo(1);
		assertThat(counter("reclaimed")).isZero();
	}

	@Test
	void timersAreTaggedByQueueAndOutcome() {
		this.metrics.bindTo(this.registry);
		this.jobs.enqueue(this.queue, 1);
		ClaimedJob job = claim();

		this.metrics.jobFinished(job, JobOutcome.COMPLETED, Duration.ofMillis(40));
		this.metrics.jobFinished(job, JobOutcome.RETRIED, Duration.ofMillis(10));

		assertThat(this.registry.get("jobqueue.execution")
			.tags("queue", this.queue, "outcome", "completed")
			.timer()
			.totalTime(TimeUnit.MILLISECONDS)).isEqualTo(40);
		assertThat(
				this.registry.get("jobqueue.execution").tags("queue", this.queue, "outcome", "retried").timer().count())
			.isOne();
		assertThat(this.registry.get("jobqueue.wait").tags("queue", this.queue, "outcome", "completed").timer().count())
			.isOne();
	}

	@Test
	void timersAreBuiltOncePerQueueAndOutcomeAndFollowANewRegistry() {
		this.metrics.bindTo(this.registry);
		this.jobs.enqueue(this.queue, 1);
		ClaimedJob job = claim();
		for (int i = 0; i < 3; i++) {
			this.metrics.jobFinished(job, JobOutcome.COMPLETED, Duration.ofMillis(5));
		}
		assertThat(this.registry.get("jobqueue.execution").tags("queue", this.queue).timers()).hasSize(1);
		assertThat(this.registry.get("jobqueue.execution")
			.tags("queue", this.queue, "outcome", "completed")
			.timer()
			.count()).isEqualTo(3);

		SimpleMeterRegistry next = new SimpleMeterRegistry();
		this.metrics.bindTo(next);
		this.metrics.jobFinished(job, JobOutcome.COMPLETED, Duration.ofMillis(5));

		assertThat(next.get("jobqueue.execution").tags("queue", this.queue, "outcome", "completed").timer().count())
			.isOne();
		assertThat(next.get("jobqueue.wait").tags("queue", this.queue, "outcome", "completed").timer().count()).isOne();
		assertThat(this.registry.get("jobqueue.execution")
			.tags("queue", this.queue, "outcome", "completed")
			.timer()
			.count()).isEqualTo(3);
		next.close();
	}

	private ClaimedJob claim() {
		return this.worker.claim(this.queue, Duration.ofMillis(200)).orElseThrow();
	}

	private double gauge(String state) {
		return this.registry.get("jobqueue.jobs").tags("queue", this.queue, "state", state).gauge().value();
	}

	private double counter(String name) {
		return this.registry.get("jobqueue.jobs." + name).tag("queue", this.queue).functionCounter().count();
	}

}
