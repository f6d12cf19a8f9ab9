package dev.jobqueue.boot.test;

import java.lang.reflect.Type;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;

import dev.jobqueue.Deduplication;
import dev.jobqueue.JacksonJobPayloadConverter;
import dev.jobqueue.JobCancellation;
import dev.jobqueue.JobOptions;
import dev.jobqueue.JobPayloadConverter;
import dev.jobqueue.JobQueueOperations;
import dev.jobqueue.JobRecord;
import dev.jobqueue.JobResultFuture;
import dev.jobqueue.JobState;
import org.jspecify.annotations.Nullable;

import org.springframework.util.Assert;

/**
 * A {@link JobQueueOperations} that records what code under test enqueues instead of
 * writing it to Redis, for unit tests of producers. Payloads are serialized with the
 * application's {@link JobPayloadConverter} as a real enqueue would, so a payload that
 * cannot be written fails here too; look-ups answer for the captured jobs, which stay
 * pending (or delayed) since nothing runs them, unless a test runs them with
 * {@link #runAll(InlineJobRunner)}.
 *
 * <p>
 * Add it to a Spring test with {@link CaptureJobs @CaptureJobs}, or create one with
 * {@code new CapturedJobs()} in a plain unit test. Thread-safe.
 */
public final class CapturedJobs implements JobQueueOperations {

	private static final char[] HEX = "0123456789abcdef".toCharArray();

	private final JobPayloadConverter converter;

	private final Clock clock;

	private final List<EnqueuedJob> jobs = new ArrayList<>();

	private final Map<String, Map<String, InlineJobResult>> results = new HashMap<>();

	/**
	 * Creates a capture that writes payloads with a default Jackson converter.
	 */
	public CapturedJobs() {
		this(new JacksonJobPayloadConverter());
	}

	/**
	 * Creates a capture that writes payloads with the given converter.
	 * @param converter the converter, usually the application's
	 */
	public CapturedJobs(JobPayloadConverter converter) {
		this(converter, Clock.systemUTC());
	}

	/**
	 * Creates a capture that writes payloads with the given converter and stamps jobs
	 * with the given clock.
	 * @param converter the converter
	 * @param clock the clock of {@link EnqueuedJob#enqueuedAt()}
	 */
	public CapturedJobs(JobPayloadConverter converter, Clock clock) {
		Assert.notNull(converter, "converter must not be null");
		Assert.notNull(clock, "clock must not be null");
		this.converter = converter;
		this.clock = clock;
	}

	@Override
	public String enqueue(String queue, @Nullable Object payload) {
		return enqueue(queue, payload, JobOptions.none());
	}

	@Override
	public String enqueue(String queue, @Nullable Object payload, JobOptions options) {
		checkQueue(queue);
		Assert.notNull(options, "options must not be null");
		EnqueuedJob job = capture(queue, newId(), payload, options);
		synchronized (this) {
			this.jobs.add(job);
		}
		return job.id();
	}

	@Override
	public List<String> enqueueAll(String queue, Collection<?> payloads) {
		return enqueueAll(queue, payloads, JobOptions.none());
	}

	@Override
	public List<String> enqueueAll(String queue, Collection<?> payloads, JobOptions options) {
		checkQueue(queue);
		Assert.notNull(payloads, "payloads must not be null");
		Assert.notNull(options, "options must not be null");
		// every payload is written first: one that cannot be means nothing is captured
		List<EnqueuedJob> captured = new ArrayList<>(payloads.size());
		for (Object payload : payloads) {
			captured.add(capture(queue, newId(), payload, options));
		}
		synchronized (this) {
			this.jobs.addAll(captured);
		}
		return captured.stream().map(EnqueuedJob::id).toList();
	}

	@Override
	public boolean enqueueIfAbsent(String queue, String jobId, @Nullable Object payload) {
		return enqueueIfAbsent(queue, jobId, payload, JobOptions.none());
	}

	@Override
	public boolean enqueueIfAbsent(String queue, String jobId, @Nullable Object payload, JobOptions options) {
		checkQueue(queue);
		Assert.hasText(jobId, "jobId must not be blank");
		Assert.notNull(options, "options must not be null");
		EnqueuedJob job = capture(queue, jobId, payload, options);
		synchronized (this) {
			if (find(queue, jobId) != null) {
				return false;
			}
			this.jobs.add(job);
			return true;
		}
	}

	@Override
	public boolean enqueueScheduleTick(String queue, String schedule, Instant tick, String payloadJson) {
		checkQueue(queue);
		Assert.hasText(schedule, "schedule must not be blank");
		this.converter.readTree(payloadJson); // a real enqueue refuses text that is not
												// JSON
		synchronized (this) {
			for (EnqueuedJob job : this.jobs) {
				if (job.queue().equals(queue) && schedule.equals(job.schedule()) && !job.enqueuedAt().isBefore(tick)) {
					return false;
				}
			}
			this.jobs.add(new EnqueuedJob(queue, newId(), null, payloadJson, JobOptions.none(), schedule, tick,
					this.converter));
			return true;
		}
	}

	@Override
	public String enqueueScheduleNow(String queue, String schedule, String payloadJson) {
		checkQueue(queue);
		Assert.hasText(schedule, "schedule must not be blank");
		this.converter.readTree(payloadJson); // a real enqueue refuses text that is not
												// JSON
		EnqueuedJob job = new EnqueuedJob(queue, newId(), null, payloadJson, JobOptions.none(), schedule,
				this.clock.instant(), this.converter);
		synchronized (this) {
			this.jobs.add(job);
		}
		return job.id();
	}

	@Override
	public synchronized Optional<JobRecord> getJob(String queue, String id) {
		EnqueuedJob job = find(queue, id);
		if (job == null) {
			return Optional.empty();
		}
		InlineJobResult result = this.results.getOrDefault(queue, Map.of()).get(id);
		Map<String, String> fields = new HashMap<>();
		fields.put("id", id);
		fields.put("payload", job.payloadJson());
		fields.put("enqueued_at_ms", String.valueOf(job.enqueuedAt().toEpochMilli()));
		String status;
		int attempts = 0;
		String resultJson = null;
		String error = null;
		if (result == null) {
			status = isDelayed(job) ? JobState.DELAYED.value() : JobState.PENDING.value();
		}
		else {
			attempts = 1;
			status = switch (result.outcome()) {
				case COMPLETED -> JobState.COMPLETED.value();
				case RETRIED -> JobState.PENDING.value(); // back in pending, with its
															// error
				default -> JobState.FAILED.value();
			};
			resultJson = result.resultJson();
			error = result.error();
			if (resultJson != null) {
				fields.put("result", resultJson);
			}
			if (error != null) {
				fields.put("last_error", error);
			}
			fields.put("attempts", "1");
		}
		fields.put("status", status);
		return Optional.of(new JobRecord(queue, id, status, attempts, job.payloadJson(), resultJson, error,
				job.enqueuedAt(), null, null, null, null, fields));
	}

	@Override
	public <T> Optional<T> getResult(JobRecord job, Type type) {
		String result = job.result();
		if (result == null) {
			return Optional.empty();
		}
		return Optional.ofNullable(this.converter.read(result, type));
	}

	/**
	 * Not supported: captured jobs do not run, so there is no result to wait for. Run
	 * them with {@link #runAll(InlineJobRunner)}, or test with a Redis and
	 * {@link JobQueueTester}.
	 * @throws UnsupportedOperationException always
	 */
	@Override
	public <T> JobResultFuture<T> enqueueAndWait(String queue, @Nullable Object payload, Class<T> resultType,
			Duration timeout) {
		throw noWaits();
	}

	/**
	 * Not supported: captured jobs do not run, so there is no result to wait for.
	 * @throws UnsupportedOperationException always
	 */
	@Override
	public <T> JobResultFuture<T> enqueueAndWait(String queue, @Nullable Object payload, JobOptions options,
			Type resultType, Duration timeout) {
		throw noWaits();
	}

	/**
	 * Not supported: captured jobs do not run, so there is no result to wait for.
	 * @throws UnsupportedOperationException always
	 */
	@Override
	public <T> JobResultFuture<T> awaitJob(String queue, String id, Class<T> resultType, Duration timeout) {
		throw noWaits();
	}

	/**
	 * Not supported: captured jobs do not run, so there is no result to wait for.
	 * @throws UnsupportedOperationException always
	 */
	@Override
	public <T> JobResultFuture<T> awaitJob(String queue, String id, Type resultType, Duration timeout) {
		throw noWaits();
	}

	/**
	 * Cancels a captured job: one that has not run is removed from the capture.
	 */
	@Override
	public JobCancellation cancel(String queue, String id) {
		return cancel(queue, id, "cancelled");
	}

	/**
	 * Cancels a captured job: one that has not run is removed from the capture.
	 */
	@Override
	public synchronized JobCancellation cancel(String queue, String id, String reason) {
		checkQueue(queue);
		Assert.hasText(reason, "reason must not be blank");
		EnqueuedJob job = find(queue, id);
		if (job == null) {
			return new JobCancellation(queue, id, JobCancellation.Outcome.NOT_FOUND, "");
		}
		String status = getJob(queue, id).map(JobRecord::status).orElse("");
		if (this.results.getOrDefault(queue, Map.of()).containsKey(id)) {
			return new JobCancellation(queue, id, JobCancellation.Outcome.ALREADY_FINISHED, status);
		}
		this.jobs.remove(job);
		return new JobCancellation(queue, id, JobCancellation.Outcome.CANCELLED, status);
	}

	/**
	 * Captures a job under a deduplication mode: a new id is captured; for an id already
	 * captured and not run, {@code replace} and {@code debounce} replace its payload,
	 * {@code window} refuses it; an id whose job ran is refused.
	 */
	@Override
	public synchronized Deduplication.Outcome enqueue(String queue, String jobId, @Nullable Object payload,
			Deduplication deduplication) {
		checkQueue(queue);
		Assert.hasText(jobId, "jobId must not be blank");
		Assert.notNull(deduplication, "deduplication must not be null");
		EnqueuedJob job = capture(queue, jobId, payload, JobOptions.none());
		EnqueuedJob existing = find(queue, jobId);
		if (existing == null) {
			this.jobs.add(job);
			return Deduplication.Outcome.ENQUEUED;
		}
		boolean ran = this.results.getOrDefault(queue, Map.of()).containsKey(jobId);
		if (ran || deduplication.getMode() == Deduplication.Mode.WINDOW) {
			return Deduplication.Outcome.REFUSED;
		}
		this.jobs.set(this.jobs.indexOf(existing), job);
		return Deduplication.Outcome.UPDATED;
	}

	private static UnsupportedOperationException noWaits() {
		return new UnsupportedOperationException("CapturedJobs does not run jobs, so there is no result to wait for: "
				+ "run them with runAll(InlineJobRunner), or test against a Redis with JobQueueTester");
	}

	/**
	 * Returns every captured job, in enqueue order.
	 * @return the jobs
	 */
	public synchronized List<EnqueuedJob> all() {
		return List.copyOf(this.jobs);
	}

	/**
	 * Returns the captured jobs of a queue, in enqueue order.
	 * @param queue the queue name
	 * @return the jobs, empty when none
	 */
	public synchronized List<EnqueuedJob> forQueue(String queue) {
		return this.jobs.stream().filter((job) -> job.queue().equals(queue)).toList();
	}

	/**
	 * Returns the one job captured for a queue.
	 * @param queue the queue name
	 * @return the job
	 * @throws AssertionError if the queue got no job or more than one
	 */
	public EnqueuedJob single(String queue) {
		List<EnqueuedJob> found = forQueue(queue);
		if (found.size() != 1) {
			throw new AssertionError("Expected exactly one job enqueued on queue '" + queue + "' but found "
					+ found.size() + ": " + found);
		}
		return found.get(0);
	}

	/**
	 * Returns the payloads captured for a queue, read into a type as a handler would get
	 * them.
	 * @param <T> the type
	 * @param queue the queue name
	 * @param type the payload class
	 * @return the payloads in enqueue order
	 */
	public <T> List<T> payloads(String queue, Class<T> type) {
		List<T> payloads = new ArrayList<>();
		for (EnqueuedJob job : forQueue(queue)) {
			payloads.add(job.payloadAs(type));
		}
		return payloads;
	}

	/**
	 * Runs every captured job that has not run yet through the handlers of a runner, in
	 * enqueue order, on the calling thread, including jobs the handlers enqueue while
	 * they run (when they enqueue through this capture). Each job runs once; delayed jobs
	 * run too (time is not simulated). {@link #getJob} then reports each one completed,
	 * failed, or pending again with its error when a worker would retry it.
	 * @param runner the runner with the application's handlers
	 * @return the results, in the order the jobs ran
	 */
	public List<InlineJobResult> runAll(InlineJobRunner runner) {
		Assert.notNull(runner, "runner must not be null");
		List<InlineJobResult> ran = new ArrayList<>();
		while (true) {
			EnqueuedJob next = nextNotRun();
			if (next == null) {
				return ran;
			}
			InlineJobResult result = runner.run(next);
			synchronized (this) {
				this.results.computeIfAbsent(next.queue(), (queue) -> new HashMap<>()).put(next.id(), result);
			}
			ran.add(result);
		}
	}

	/**
	 * Forgets every captured job and result; {@link CaptureJobs @CaptureJobs} does this
	 * after each test method.
	 */
	public synchronized void clear() {
		this.jobs.clear();
		this.results.clear();
	}

	private synchronized @Nullable EnqueuedJob nextNotRun() {
		for (EnqueuedJob job : this.jobs) {
			if (!this.results.getOrDefault(job.queue(), Map.of()).containsKey(job.id())) {
				return job;
			}
		}
		return null;
	}

	private boolean isDelayed(EnqueuedJob job) {
		JobOptions options = job.options();
		Instant now = this.clock.instant();
		if (options.getRunAt() != null) {
			return options.getRunAt().isAfter(now);
		}
		return options.getDelay() != null && job.enqueuedAt().plus(options.getDelay()).isAfter(now);
	}

	private EnqueuedJob capture(String queue, String id, @Nullable Object payload, JobOptions options) {
		String json = this.converter.write(payload);
		return new EnqueuedJob(queue, id, payload, json, options, null, this.clock.instant(), this.converter);
	}

	private @Nullable EnqueuedJob find(String queue, String id) {
		for (EnqueuedJob job : this.jobs) {
			if (job.queue().equals(queue) && job.id().equals(id)) {
				return job;
			}
		}
		return null;
	}

	private static void checkQueue(String queue) {
		if (queue == null || queue.isBlank()) {
			throw new IllegalArgumentException("queue must not be blank");
		}
	}

	private static String newId() {
		long value = ThreadLocalRandom.current().nextLong();
		char[] chars = new char[16];
		for (int i = 15; i >= 0; i--) {
			chars[i] = HEX[(int) (value & 0xF)];
			value >>>= 4;
		}
		return new String(chars);
	}

	@Override
	public synchronized String toString() {
		return "CapturedJobs" + this.jobs;
	}

}
