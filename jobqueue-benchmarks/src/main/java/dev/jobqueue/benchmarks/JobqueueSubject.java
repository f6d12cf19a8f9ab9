package dev.jobqueue.benchmarks;

import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

import dev.jobqueue.JobQueueOperations;
import tools.jackson.databind.json.JsonMapper;
import dev.jobqueue.JobQueueClients;
import dev.jobqueue.JobQueueTemplate;
import dev.jobqueue.JobWorkerProtocol;

import org.springframework.data.redis.connection.RedisStandaloneConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.data.redis.listener.ChannelTopic;
import org.springframework.data.redis.listener.RedisMessageListenerContainer;

/**
 * jobqueue on a Lettuce connection factory of its own per phase, so each phase starts
 * with cold connections and its client count is its own.
 */
final class JobqueueSubject implements Subject {

	private static final Duration DRAIN_TIMEOUT = Duration.ofMinutes(2);

	private static final JsonMapper MAPPER = new JsonMapper();

	private final AtomicInteger queues = new AtomicInteger();

	private final boolean claimNext;

	private final boolean minuteCounters;

	private final boolean coreWorkers;

	private final List<String> coldJvmOptions;

	/**
	 * @param coreWorkers whether drains and latency use a plain loop on the core API
	 * instead of the starter's worker pool in a Spring context
	 * @param claimNext whether that loop completes a job and claims the next in one call
	 * @param minuteCounters whether the flows write the per-minute counters
	 * @param coldJvmOptions options of the fresh JVM of a cold phase
	 */
	JobqueueSubject(boolean coreWorkers, boolean claimNext, boolean minuteCounters, List<String> coldJvmOptions) {
		this.coreWorkers = coreWorkers;
		this.coldJvmOptions = coldJvmOptions;
		this.claimNext = claimNext;
		this.minuteCounters = minuteCounters;
	}

	@Override
	public String name() {
		return "jobqueue";
	}

	@Override
	public Run prepare(Phase phase, int port) throws Exception {
		String name = "bench-" + phase.script() + "-" + this.queues.incrementAndGet();
		if (phase.app() == Phase.App.COLD) {
			return ColdJvm.prepare(phase, port, name, this.minuteCounters, this.coldJvmOptions);
		}
		if (phase.app() == Phase.App.REALISTIC) {
			return new SpringWorkers(phase, port, name, this.minuteCounters, true, true);
		}
		if (!this.coreWorkers && (phase.kind() == Phase.Kind.DRAIN || phase.kind() == Phase.Kind.LATENCY)) {
			return new SpringWorkers(phase, port, name, this.minuteCounters, false, true);
		}
		LettuceConnectionFactory factory = new LettuceConnectionFactory(
				new RedisStandaloneConfiguration("127.0.0.1", port));
		factory.afterPropertiesSet();
		factory.start();
		StringRedisTemplate redis = new StringRedisTemplate(factory);
		JobQueueClients clients = JobQueueClients.builder(redis).minuteCounters(this.minuteCounters).build();
		JobQueueTemplate jobs = clients.template();
		JobWorkerProtocol worker = clients.workerProtocol();
		String queue = name;
		Runnable closeFactory = () -> {
			clients.destroy();
			factory.destroy();
		};
		return switch (phase.kind()) {
			case ENQUEUE_SINGLE, ENQUEUE_CONCURRENT -> new Producers(jobs, queue, phase, closeFactory);
			case ENQUEUE_BATCH -> new BatchProducer(jobs, queue, phase, closeFactory);
			case DRAIN -> {
				enqueueAll(jobs, queue, phase.jobs());
				yield new CoreDrain(
						new CoreWorkers(worker, queue, phase.concurrency(), phase.jobs(), this.claimNext, (job) -> {
						}), closeFactory);
			}
			case LATENCY -> new CoreLatency(jobs, worker, queue, phase, factory, this.claimNext, closeFactory);
		};
	}

	static void enqueueAll(JobQueueOperations jobs, String queue, int count) {
		for (int from = 0; from < count; from += 1000) {
			List<Object> batch = new ArrayList<>(1000);
			for (int i = from; i < Math.min(count, from + 1000); i++) {
				batch.add(new Noop("noop", i));
			}
			jobs.enqueueAll(queue, batch);
		}
	}

	/**
	 * Single enqueues from one producer or the phase's concurrency of producers.
	 */
	static Timing produce(JobQueueOperations jobs, String queue, Phase phase) throws InterruptedException {
		int producers = (phase.kind() == Phase.Kind.ENQUEUE_SINGLE) ? 1 : phase.concurrency();
		AtomicInteger next = new AtomicInteger();
		List<Thread> threads = new ArrayList<>();
		for (int p = 0; p < producers; p++) {
			threads.add(new Thread(() -> {
				for (int seq = next.getAndIncrement(); seq < phase.jobs(); seq = next.getAndIncrement()) {
					jobs.enqueue(queue, new Noop("noop", seq));
				}
			}, "bench-producer-" + p));
		}
		long start = System.nanoTime();
		threads.forEach(Thread::start);
		for (Thread thread : threads) {
			thread.join();
		}
		return new Timing((System.nanoTime() - start) / 1e9, phase.jobs());
	}

	/** The payload of every job but the latency phase's. */
	record Noop(String kind, long seq) {
	}

	/**
	 * The latency phase's payload: {@code t} is the producer's System.nanoTime() at
	 * enqueue.
	 */
	record Timed(String kind, long seq, long t) {
	}

	private abstract static class Base implements Run {

		private final Runnable closer;

		Base(Runnable closer) {
			this.closer = closer;
		}

		@Override
		public void close() throws Exception {
			this.closer.run();
		}

		@Override
		public long clientCpuMicros() {
			return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
				.getProcessCpuTime() / 1000;
		}

	}

	private static final class Producers extends Base {

		private final JobQueueTemplate jobs;

		private final String queue;

		private final Phase phase;

		Producers(JobQueueTemplate jobs, String queue, Phase phase, Runnable closer) {
			super(closer);
			this.jobs = jobs;
			this.queue = queue;
			this.phase = phase;
		}

		@Override
		public Timing run() throws InterruptedException {
			return produce(this.jobs, this.queue, this.phase);
		}

	}

	private static final class BatchProducer extends Base {

		private final JobQueueTemplate jobs;

		private final String queue;

		private final Phase phase;

		BatchProducer(JobQueueTemplate jobs, String queue, Phase phase, Runnable closer) {
			super(closer);
			this.jobs = jobs;
			this.queue = queue;
			this.phase = phase;
		}

		@Override
		public Timing run() {
			long start = System.nanoTime();
			enqueueAll(this.jobs, this.queue, this.phase.jobs());
			return new Timing((System.nanoTime() - start) / 1e9, this.phase.jobs());
		}

	}

	private static final class CoreDrain extends Base {

		private final CoreWorkers workers;

		CoreDrain(CoreWorkers workers, Runnable closer) {
			super(closer);
			this.workers = workers;
		}

		@Override
		public Timing run() throws InterruptedException {
			long start = System.nanoTime();
			this.workers.start();
			long end = this.workers.awaitFinished(DRAIN_TIMEOUT);
			return new Timing((end - start) / 1e9, this.workers.done());
		}

		@Override
		public void close() throws Exception {
			this.workers.close();
			super.close();
		}

	}

	private static final class CoreLatency extends Base {

		private final JobQueueTemplate jobs;

		private final String queue;

		private final Phase phase;

		private final double[] started;

		private final Map<String, Long> completedAt = new ConcurrentHashMap<>();

		private final RedisMessageListenerContainer events;

		private final CoreWorkers workers;

		CoreLatency(JobQueueTemplate jobs, JobWorkerProtocol worker, String queue, Phase phase,
				LettuceConnectionFactory factory, boolean claimNext, Runnable closer) throws InterruptedException {
			super(closer);
			this.jobs = jobs;
			this.queue = queue;
			this.phase = phase;
			this.started = new double[phase.jobs()];
			this.events = new RedisMessageListenerContainer();
			this.events.setConnectionFactory(factory);
			this.events.addMessageListener((message, pattern) -> {
				long now = System.nanoTime();
				String body = new String(message.getBody(), StandardCharsets.UTF_8);
				this.completedAt.put(body.substring(7, 23), now);
			}, new ChannelTopic("queue:" + queue + ":events"));
			this.events.afterPropertiesSet();
			this.events.start();
			while (!this.events.isListening()) {
				Thread.sleep(5);
			}
			this.workers = new CoreWorkers(worker, queue, phase.concurrency(), phase.jobs(), claimNext, (job) -> {
				long now = System.nanoTime();
				Timed payload = MAPPER.readValue(job.payload(), Timed.class);
				this.started[(int) payload.seq()] = (now - payload.t()) / 1e6;
			});
			this.workers.start();
		}

		@Override
		public Timing run() throws InterruptedException {
			String[] ids = new String[this.phase.jobs()];
			long[] enqueuedAt = new long[this.phase.jobs()];
			long start = System.nanoTime();
			for (int seq = 0; seq < this.phase.jobs(); seq++) {
				long due = start + seq * 1_000_000_000L / this.phase.rate();
				long wait;
				while ((wait = due - System.nanoTime()) > 0) {
					// Not Thread.sleep(0, nanos), which returns at once below half a
					// millisecond: a busy spin.
					LockSupport.parkNanos(wait);
				}
				enqueuedAt[seq] = System.nanoTime();
				ids[seq] = this.jobs.enqueue(this.queue, new Timed("noop", seq, enqueuedAt[seq]));
			}
			this.workers.awaitFinished(DRAIN_TIMEOUT);
			long deadline = System.nanoTime() + 10_000_000_000L;
			while (this.completedAt.size() < ids.length && System.nanoTime() < deadline) {
				Thread.sleep(5);
			}
			double seconds = (System.nanoTime() - start) / 1e9;
			double[] completed = new double[ids.length];
			for (int i = 0; i < ids.length; i++) {
				Long at = this.completedAt.get(ids[i]);
				completed[i] = (at != null) ? (at - enqueuedAt[i]) / 1e6 : Double.NaN;
			}
			return new Timing(seconds, this.workers.done(), this.started, completed);
		}

		@Override
		public int observerConnections() {
			return 1;
		}

		@Override
		public void close() throws Exception {
			this.workers.close();
			this.events.stop();
			this.events.destroy();
			super.close();
		}

	}

}
