package dev.jobqueue.benchmarks;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import dev.jobqueue.JobQueueOperations;
import dev.jobqueue.JobQueueClients;
import dev.jobqueue.JobQueueTemplate;
import dev.jobqueue.JobWorkerProtocol;

import org.springframework.data.redis.connection.RedisStandaloneConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.core.StringRedisTemplate;

/**
 * jobqueue on a Lettuce connection factory of its own per phase, so each phase starts
 * with cold connections and its client count is its own.
 */
final class JobqueueSubject implements Subject {

	static final Duration DRAIN_TIMEOUT = Duration.ofMinutes(10);

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
	 * @param coldJvmOptions the command (java and its options) that starts the fresh JVM
	 * of a cold phase
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
		if (phase.app() == Phase.App.REALISTIC || phase.app() == Phase.App.OBSERVED) {
			return new SpringWorkers(phase, port, name, this.minuteCounters, true, true);
		}
		if ((!this.coreWorkers && (phase.kind() == Phase.Kind.DRAIN || phase.kind() == Phase.Kind.LATENCY))
				|| phase.kind() == Phase.Kind.DELAYED_LATENESS || phase.kind() == Phase.Kind.DELAYED_PROMOTION) {
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
			case ENQUEUE_SINGLE, ENQUEUE_CONCURRENT, ENQUEUE_BATCH -> new Producers(jobs, queue, phase, closeFactory);
			case DRAIN -> {
				enqueueAll(jobs, queue, phase.jobs());
				yield new CoreDrain(
						new CoreWorkers(worker, queue, phase.concurrency(), phase.jobs(), this.claimNext, (job) -> {
						}), closeFactory);
			}
			case LATENCY -> new CoreLatency(jobs, worker, queue, phase, factory, this.claimNext, closeFactory);
			case DELAYED_LATENESS, DELAYED_PROMOTION -> throw new IllegalStateException("run in a context");
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

	/**
	 * Enqueues the phase's jobs: one at a time from its producers, or in batches of 1000.
	 */
	private static final class Producers extends ClosingRun {

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
			if (this.phase.kind() != Phase.Kind.ENQUEUE_BATCH) {
				return produce(this.jobs, this.queue, this.phase);
			}
			long start = System.nanoTime();
			enqueueAll(this.jobs, this.queue, this.phase.jobs());
			return new Timing((System.nanoTime() - start) / 1e9, this.phase.jobs());
		}

	}

	private static final class CoreDrain extends ClosingRun {

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

}
