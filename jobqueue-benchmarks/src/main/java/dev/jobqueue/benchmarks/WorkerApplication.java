package dev.jobqueue.benchmarks;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import dev.jobqueue.ClaimedJob;
import dev.jobqueue.annotation.JobHandler;
import dev.jobqueue.worker.JobExecutionListener;
import dev.jobqueue.worker.JobOutcome;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.annotation.Bean;

/**
 * The application whose worker pool the benchmark measures: the jobqueue starter,
 * auto-configured from {@code jobqueue.*} properties, with one {@code @JobHandler}. In
 * the realistic configuration every auto-configuration on the class path applies
 * (actuator, the Prometheus registry, Boot's observations, Lettuce's command observation)
 * and the handler reads a record and returns one; the stripped configuration excludes the
 * actuator, metrics and observation auto-configurations and runs a no-op handler that
 * takes nothing. The container does not start with the context, so the jobs can be
 * enqueued first and only the drain is timed. Nothing is scanned: the phase passes the
 * one handler configuration it needs.
 */
@SpringBootConfiguration(proxyBeanMethods = false)
@EnableAutoConfiguration
class WorkerApplication {

	@Bean
	Recorder recorder() {
		return new Recorder();
	}

	/**
	 * The drain phase's handler: takes nothing, does nothing. Not a nested configuration
	 * class, so it is registered only when a phase passes it as a source.
	 */
	static class DrainHandler {

		@JobHandler(queue = "${bench.queue}", autoStartup = "false")
		void noop() {
		}

	}

	/**
	 * The realistic drain's handler: reads its payload as a record and returns a result,
	 * which is stored with the job as a user's handler's would be.
	 */
	static class RealisticDrainHandler {

		@JobHandler(queue = "${bench.queue}", autoStartup = "false")
		Receipt handle(JobqueueSubject.Noop payload) {
			return new Receipt(payload.seq(), "done");
		}

	}

	/**
	 * The realistic latency phase's handler: reads the enqueue time from its payload and
	 * returns a result.
	 */
	static class RealisticLatencyHandler {

		private final Recorder recorder;

		RealisticLatencyHandler(Recorder recorder) {
			this.recorder = recorder;
		}

		@JobHandler(queue = "${bench.queue}")
		Receipt timed(JobqueueSubject.Timed payload) {
			this.recorder.started(payload, System.nanoTime());
			return new Receipt(payload.seq(), "done");
		}

	}

	/**
	 * The result of a realistic handler.
	 *
	 * @param seq the job's sequence number
	 * @param status what the handler did
	 */
	record Receipt(long seq, String status) {
	}

	/**
	 * The latency phase's handler: reads the enqueue time from its payload.
	 */
	static class LatencyHandler {

		private final Recorder recorder;

		LatencyHandler(Recorder recorder) {
			this.recorder = recorder;
		}

		@JobHandler(queue = "${bench.queue}")
		void timed(JobqueueSubject.Timed payload) {
			this.recorder.started(payload, System.nanoTime());
		}

	}

	/**
	 * Counts completed jobs and, in the latency phase, records enqueue-to-start and
	 * enqueue-to-completed per job (the enqueue time travels in the payload as
	 * {@code t}).
	 */
	static final class Recorder implements JobExecutionListener {

		private final AtomicLong completed = new AtomicLong();

		private volatile long target = Long.MAX_VALUE;

		private volatile CountDownLatch finished = new CountDownLatch(1);

		private volatile long finishedAt;

		private volatile double[] startLatencies = new double[0];

		private volatile double[] completeLatencies = new double[0];

		void expect(long jobs, boolean latencies) {
			this.completed.set(0);
			this.target = jobs;
			this.finished = new CountDownLatch(1);
			this.startLatencies = latencies ? filled((int) jobs) : new double[0];
			this.completeLatencies = latencies ? filled((int) jobs) : new double[0];
		}

		private static double[] filled(int size) {
			double[] values = new double[size];
			java.util.Arrays.fill(values, Double.NaN);
			return values;
		}

		void started(JobqueueSubject.Timed payload, long now) {
			this.startLatencies[(int) payload.seq()] = (now - payload.t()) / 1e6;
		}

		@Override
		public void jobFinished(ClaimedJob job, JobOutcome outcome, Duration executionTime) {
			if (outcome != JobOutcome.COMPLETED) {
				return;
			}
			if (this.completeLatencies.length > 0) {
				long now = System.nanoTime();
				String payload = job.payload();
				int seq = (int) field(payload, "\"seq\":");
				this.completeLatencies[seq] = (now - field(payload, "\"t\":")) / 1e6;
			}
			if (this.completed.incrementAndGet() == this.target) {
				this.finishedAt = System.nanoTime();
				this.finished.countDown();
			}
		}

		private static long field(String json, String name) {
			int start = json.indexOf(name) + name.length();
			int end = start;
			while (end < json.length() && (Character.isDigit(json.charAt(end)) || json.charAt(end) == '-')) {
				end++;
			}
			return Long.parseLong(json, start, end, 10);
		}

		/**
		 * @return System.nanoTime() when the last expected job was completed
		 */
		long awaitFinished(Duration timeout) throws InterruptedException {
			if (!this.finished.await(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
				throw new IllegalStateException("workers completed only " + this.completed.get() + " of " + this.target
						+ " jobs in " + timeout);
			}
			return this.finishedAt;
		}

		long completed() {
			return this.completed.get();
		}

		double[] startLatencies() {
			return this.startLatencies;
		}

		double[] completeLatencies() {
			return this.completeLatencies;
		}

	}

}
