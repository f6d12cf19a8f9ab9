package dev.jobqueue.benchmarks;

import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.concurrent.locks.LockSupport;

import dev.jobqueue.JobQueueOperations;
import dev.jobqueue.worker.JobHandlerEndpointRegistry;
import dev.jobqueue.worker.JobWorkerContainer;

import org.springframework.boot.WebApplicationType;
import dev.jobqueue.JobQueueClients;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * A drain or latency phase on the starter's own worker pool: a Spring Boot context with
 * the jobqueue auto-configuration and a no-op {@code @JobHandler} at the phase's
 * concurrency, started fresh for each phase and closed after it.
 */
final class SpringWorkers implements Subject.Run {

	private static final Duration TIMEOUT = Duration.ofMinutes(2);

	private final Phase phase;

	private final String queue;

	private final ConfigurableApplicationContext context;

	private final WorkerApplication.Recorder recorder;

	private final JobQueueOperations jobs;

	SpringWorkers(Phase phase, int port, String queue, boolean minuteCounters) {
		this.phase = phase;
		this.queue = queue;
		Class<?> handler = (phase.kind() == Phase.Kind.DRAIN) ? WorkerApplication.DrainHandler.class
				: WorkerApplication.LatencyHandler.class;
		this.context = new SpringApplicationBuilder(WorkerApplication.class, handler).web(WebApplicationType.NONE)
			.logStartupInfo(false)
			.properties("spring.main.banner-mode=off", "logging.level.root=warn", "spring.data.redis.host=127.0.0.1",
					"spring.data.redis.port=" + port, "bench.queue=" + queue,
					"jobqueue.worker.concurrency=" + phase.concurrency())
			.run();
		this.context.getBean(JobQueueClients.class).setMinuteCounters(minuteCounters);
		this.recorder = this.context.getBean(WorkerApplication.Recorder.class);
		this.jobs = this.context.getBean(JobQueueOperations.class);
		this.recorder.expect(phase.jobs(), phase.kind() == Phase.Kind.LATENCY);
		if (phase.kind() == Phase.Kind.DRAIN) {
			JobqueueSubject.enqueueAll(this.jobs, queue, phase.jobs());
		}
	}

	@Override
	public Subject.Timing run() throws InterruptedException {
		if (this.phase.kind() == Phase.Kind.DRAIN) {
			JobWorkerContainer container = this.context.getBean(JobHandlerEndpointRegistry.class)
				.getContainer(this.queue);
			long start = System.nanoTime();
			container.start();
			long end = this.recorder.awaitFinished(TIMEOUT);
			return new Subject.Timing((end - start) / 1e9, this.recorder.completed());
		}
		long start = System.nanoTime();
		for (int seq = 0; seq < this.phase.jobs(); seq++) {
			long due = start + seq * 1_000_000_000L / this.phase.rate();
			long wait;
			while ((wait = due - System.nanoTime()) > 0) {
				// Not Thread.sleep(0, nanos), which returns at once below half a
				// millisecond: a busy spin.
				LockSupport.parkNanos(wait);
			}
			this.jobs.enqueue(this.queue, new JobqueueSubject.Timed("noop", seq, System.nanoTime()));
		}
		this.recorder.awaitFinished(TIMEOUT);
		return new Subject.Timing((System.nanoTime() - start) / 1e9, this.recorder.completed(),
				this.recorder.startLatencies(), this.recorder.completeLatencies());
	}

	@Override
	public long clientCpuMicros() {
		return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
			.getProcessCpuTime() / 1000;
	}

	@Override
	public void close() {
		this.context.close();
	}

}
