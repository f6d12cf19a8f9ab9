package dev.jobqueue.benchmarks;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import dev.jobqueue.JobQueueTemplate;
import dev.jobqueue.JobWorkerProtocol;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.listener.ChannelTopic;
import org.springframework.data.redis.listener.RedisMessageListenerContainer;

/**
 * A latency phase on the core API: jobs offered at the phase's rate by one producer and
 * run by a plain loop of workers; a job's start latency is taken from its payload, its
 * completion latency from its completion event.
 */
final class CoreLatency extends ClosingRun {

	private static final JsonMapper MAPPER = new JsonMapper();

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
			JobqueueSubject.Timed payload = MAPPER.readValue(job.payload(), JobqueueSubject.Timed.class);
			this.started[(int) payload.seq()] = (now - payload.t()) / 1e6;
		});
		this.workers.start();
	}

	@Override
	public Subject.Timing run() throws InterruptedException {
		String[] ids = new String[this.phase.jobs()];
		long[] enqueuedAt = new long[this.phase.jobs()];
		long start = System.nanoTime();
		for (int seq = 0; seq < this.phase.jobs(); seq++) {
			this.phase.awaitDue(start, seq);
			enqueuedAt[seq] = System.nanoTime();
			ids[seq] = this.jobs.enqueue(this.queue, new JobqueueSubject.Timed("noop", seq, enqueuedAt[seq]));
		}
		this.workers.awaitFinished(JobqueueSubject.DRAIN_TIMEOUT);
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
		return new Subject.Timing(seconds, this.workers.done(), this.started, completed);
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
