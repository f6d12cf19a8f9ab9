package dev.jobqueue.benchmarks;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.TreeSet;
import java.util.regex.Pattern;

import dev.jobqueue.JobOptions;
import dev.jobqueue.JobQueueAdmin;
import dev.jobqueue.JobQueueClients;
import dev.jobqueue.JobQueueOperations;
import dev.jobqueue.scheduling.DelayedJobPromoter;
import dev.jobqueue.worker.JobHandlerEndpointRegistry;
import dev.jobqueue.worker.JobWorkerContainer;

import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.data.redis.core.StringRedisTemplate;

/**
 * A phase on the starter in a Spring Boot context with the jobqueue auto-configuration:
 * drains and latency on its worker pool, enqueues (realistic configuration) through its
 * {@code JobQueueOperations}. Started fresh for each phase and closed after it.
 */
final class SpringWorkers implements Subject.Run {

	// generous: a cold JVM on a loaded 2-core machine drained 20,000 jobs at 150 jobs/s
	private static final Duration TIMEOUT = Duration.ofMinutes(10);

	/**
	 * The auto-configurations the stripped application leaves out: actuator, metrics,
	 * observation, health and endpoints, whichever module they come from.
	 */
	private static final Pattern NOT_STRIPPED = Pattern
		.compile("\\.(actuate|micrometer)\\.|[Oo]bservation|[Hh]ealth|[Mm]etrics|[Ee]ndpoint");

	/** How far ahead the promotion phase's delayed jobs are due. */
	private static final Duration PROMOTION_AHEAD = Duration.ofHours(1);

	private static boolean described;

	private static boolean describedObserved;

	private final Phase phase;

	private final String queue;

	private final ConfigurableApplicationContext context;

	private final WorkerApplication.Recorder recorder;

	private final JobQueueOperations jobs;

	/**
	 * @param phase the phase
	 * @param port the Redis port
	 * @param queue the queue
	 * @param minuteCounters whether the flows write the per-minute counters
	 * @param realistic the realistic configuration, or the stripped one
	 * @param enqueueDrain whether a drain enqueues its jobs here (a cold JVM's are
	 * enqueued by the harness)
	 */
	SpringWorkers(Phase phase, int port, String queue, boolean minuteCounters, boolean realistic,
			boolean enqueueDrain) {
		this.phase = phase;
		this.queue = queue;
		List<Class<?>> sources = new ArrayList<>(List.of(WorkerApplication.class));
		if (phase.kind() == Phase.Kind.DRAIN) {
			sources
				.add(realistic ? WorkerApplication.RealisticDrainHandler.class : WorkerApplication.DrainHandler.class);
		}
		else if (phase.hasLatencies()) {
			sources.add(realistic ? WorkerApplication.RealisticLatencyHandler.class
					: WorkerApplication.LatencyHandler.class);
		}
		List<String> properties = new ArrayList<>(List.of("spring.main.banner-mode=off", "logging.level.root=warn",
				"spring.data.redis.host=127.0.0.1", "spring.data.redis.port=" + port, "bench.queue=" + queue,
				"jobqueue.worker.concurrency=" + phase.concurrency()));
		if (!realistic) {
			properties.add("spring.autoconfigure.exclude=" + String.join(",", strippedExclusions()));
		}
		if (phase.app() == Phase.App.OBSERVED) {
			properties.add("jobqueue.producer.observation-enabled=true");
			properties.add("jobqueue.worker.observation-enabled=true");
		}
		this.context = new SpringApplicationBuilder(sources.toArray(Class<?>[]::new)).web(WebApplicationType.NONE)
			.logStartupInfo(false)
			.properties(properties.toArray(String[]::new))
			.run();
		this.context.getBean(JobQueueClients.class).setMinuteCounters(minuteCounters);
		this.recorder = this.context.getBean(WorkerApplication.Recorder.class);
		this.jobs = this.context.getBean(JobQueueOperations.class);
		this.recorder.expect(phase.jobs(), phase.hasLatencies());
		if (realistic && !described) {
			described = true;
			System.out.println("realistic app: " + describe());
		}
		if (phase.app() == Phase.App.OBSERVED && !describedObserved) {
			describedObserved = true;
			System.out
				.println(
						"observed app: "
								+ String.join(", ",
										this.context
											.getBeanNamesForType(dev.jobqueue.observation.JobEnqueueObserver.class))
								+ ", " + String.join(", ", this.context.getBeanNamesForType(
										dev.jobqueue.observation.ObservationJobExecutionListener.class)));
		}
		if (phase.kind() == Phase.Kind.DRAIN && enqueueDrain) {
			JobqueueSubject.enqueueAll(this.jobs, queue, phase.jobs());
		}
		if (phase.kind() == Phase.Kind.DELAYED_PROMOTION) {
			// due in an hour, so nothing is promoted however long the enqueue takes on a
			// loaded machine; the application's promoter is stopped meanwhile and run()
			// times
			// one whose clock is ahead (see promotion())
			this.context.getBean(DelayedJobPromoter.class).stop();
			Instant due = Instant.now().plus(PROMOTION_AHEAD);
			for (int from = 0; from < phase.jobs(); from += 1000) {
				List<Object> batch = new ArrayList<>(1000);
				for (int i = from; i < Math.min(phase.jobs(), from + 1000); i++) {
					batch.add(new JobqueueSubject.Noop("noop", i));
				}
				this.jobs.enqueueAll(queue, batch, JobOptions.runAt(due));
			}
		}
	}

	/**
	 * @return what observes the application: the meter registries and whether Lettuce
	 * observes its commands, for the report's header
	 */
	String describe() {
		List<String> registries = new ArrayList<>();
		for (String name : this.context.getBeanNamesForType(io.micrometer.core.instrument.MeterRegistry.class)) {
			registries.add(this.context.getType(name).getSimpleName());
		}
		List<String> customizers = List.of(this.context.getBeanNamesForType(
				org.springframework.boot.data.redis.autoconfigure.ClientResourcesBuilderCustomizer.class));
		return "meter registries " + registries + ", Lettuce client resources customized by " + customizers;
	}

	static List<String> strippedExclusions() {
		TreeSet<String> excluded = new TreeSet<>();
		try {
			for (URL url : Collections.list(SpringWorkers.class.getClassLoader()
				.getResources("META-INF/spring/org.springframework.boot.autoconfigure.AutoConfiguration.imports"))) {
				try (BufferedReader reader = new BufferedReader(
						new InputStreamReader(url.openStream(), StandardCharsets.UTF_8))) {
					reader.lines()
						.map(String::trim)
						.filter((line) -> !line.isEmpty() && !line.startsWith("#"))
						.filter((line) -> NOT_STRIPPED.matcher(line).find())
						.forEach(excluded::add);
				}
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		return new ArrayList<>(excluded);
	}

	@Override
	public Subject.Timing run() throws InterruptedException {
		switch (this.phase.kind()) {
			case ENQUEUE_SINGLE, ENQUEUE_CONCURRENT:
				return JobqueueSubject.produce(this.jobs, this.queue, this.phase);
			case ENQUEUE_BATCH: {
				long start = System.nanoTime();
				JobqueueSubject.enqueueAll(this.jobs, this.queue, this.phase.jobs());
				return new Subject.Timing((System.nanoTime() - start) / 1e9, this.phase.jobs());
			}
			case DRAIN: {
				JobWorkerContainer container = this.context.getBean(JobHandlerEndpointRegistry.class)
					.getContainer(this.queue);
				long start = System.nanoTime();
				container.start();
				long end = this.recorder.awaitFinished(TIMEOUT);
				return new Subject.Timing((end - start) / 1e9, this.recorder.completed());
			}
			case DELAYED_PROMOTION:
				return promotion();
			case DELAYED_LATENESS:
				return lateness();
			default:
				break;
		}
		long start = System.nanoTime();
		for (int seq = 0; seq < this.phase.jobs(); seq++) {
			this.phase.awaitDue(start, seq);
			this.jobs.enqueue(this.queue, new JobqueueSubject.Timed("noop", seq, System.nanoTime()));
		}
		this.recorder.awaitFinished(TIMEOUT);
		return new Subject.Timing((System.nanoTime() - start) / 1e9, this.recorder.completed(),
				this.recorder.startLatencies(), this.recorder.completeLatencies());
	}

	/**
	 * Times a promoter on the application's connection factory, built as the
	 * auto-configuration builds the application's, but with it and its clients on a clock
	 * {@link #PROMOTION_AHEAD} plus a minute ahead, so every delayed job is due when the
	 * clock starts, until every job is pending.
	 */
	private Subject.Timing promotion() throws InterruptedException {
		Clock ahead = Clock.offset(Clock.systemUTC(), PROMOTION_AHEAD.plusMinutes(1));
		RedisConnectionFactory connectionFactory = this.context.getBean(RedisConnectionFactory.class);
		JobQueueClients clients = JobQueueClients.builder(new StringRedisTemplate(connectionFactory))
			.clock(ahead)
			.build();
		DelayedJobPromoter promoter = new DelayedJobPromoter(clients.workerProtocol(), () -> List.of(this.queue),
				connectionFactory, ahead, Duration.ofSeconds(60));
		JobQueueAdmin admin = this.context.getBean(JobQueueAdmin.class);
		long start = System.nanoTime();
		long deadline = start + TIMEOUT.toNanos();
		long pending;
		promoter.start();
		try {
			while ((pending = admin.stats(this.queue).pendingDepth()) < this.phase.jobs()) {
				if (System.nanoTime() > deadline) {
					throw new IllegalStateException(
							"only " + pending + " of " + this.phase.jobs() + " promoted in " + TIMEOUT);
				}
				Thread.sleep(10);
			}
			return new Subject.Timing((System.nanoTime() - start) / 1e9, pending);
		}
		finally {
			promoter.stop();
			clients.destroy();
		}
	}

	/**
	 * Enqueues batches of 10 jobs due 10 ms apart, the first
	 * {@link Phase#LATENESS_LEAD_MILLIS} from now, and records for each job its handler's
	 * start minus its due time (the payload's {@code t} is the due time on this JVM's
	 * nanosecond clock).
	 */
	private Subject.Timing lateness() throws InterruptedException {
		long startNanos = System.nanoTime();
		long startMillis = System.currentTimeMillis();
		int jobs = this.phase.jobs();
		long spanMillis = Phase.LATENESS_SPAN_SECONDS * 1000L;
		for (int from = 0; from < jobs; from += 10) {
			long dueMillis = startMillis + Phase.LATENESS_LEAD_MILLIS + from * spanMillis / jobs;
			long dueNanos = startNanos + (dueMillis - startMillis) * 1_000_000L;
			List<Object> batch = new ArrayList<>(10);
			for (int i = from; i < Math.min(jobs, from + 10); i++) {
				batch.add(new JobqueueSubject.Timed("noop", i, dueNanos));
			}
			this.jobs.enqueueAll(this.queue, batch, JobOptions.runAt(Instant.ofEpochMilli(dueMillis)));
		}
		this.recorder.awaitFinished(TIMEOUT);
		return new Subject.Timing((System.nanoTime() - startNanos) / 1e9, this.recorder.completed(),
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
