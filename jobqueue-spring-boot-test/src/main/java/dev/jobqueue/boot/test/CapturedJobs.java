package dev.jobqueue.boot.test;

import java.lang.reflect.Type;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

import dev.jobqueue.Deduplication;
import dev.jobqueue.JacksonJobPayloadConverter;
import dev.jobqueue.JobCancellation;
import dev.jobqueue.JobOptions;
import dev.jobqueue.JobPayloadConverter;
import dev.jobqueue.JobQueueOperations;
import dev.jobqueue.JobRecord;
import dev.jobqueue.JobResultFuture;
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

	private final JobPayloadConverter converter;

	private final CapturedJobStore store;

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
		this.store = new CapturedJobStore(converter, clock);
	}

	@Override
	public String enqueue(String queue, @Nullable Object payload) {
		return enqueue(queue, payload, JobOptions.none());
	}

	@Override
	public String enqueue(String queue, @Nullable Object payload, JobOptions options) {
		checkQueue(queue);
		Assert.notNull(options, "options must not be null");
		EnqueuedJob job = this.store.capture(queue, CapturedJobStore.newId(), payload, options);
		this.store.add(job);
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
			captured.add(this.store.capture(queue, CapturedJobStore.newId(), payload, options));
		}
		this.store.addAll(captured);
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
		return this.store.addIfAbsent(this.store.capture(queue, jobId, payload, options));
	}

	@Override
	public boolean enqueueScheduleTick(String queue, String schedule, Instant tick, String payloadJson) {
		checkQueue(queue);
		Assert.hasText(schedule, "schedule must not be blank");
		return this.store.addTick(this.store.scheduled(queue, schedule, tick, payloadJson), schedule, tick);
	}

	@Override
	public String enqueueScheduleNow(String queue, String schedule, String payloadJson) {
		checkQueue(queue);
		Assert.hasText(schedule, "schedule must not be blank");
		EnqueuedJob job = this.store.scheduled(queue, schedule, null, payloadJson);
		this.store.add(job);
		return job.id();
	}

	@Override
	public Optional<JobRecord> getJob(String queue, String id) {
		return this.store.record(queue, id);
	}

	@Override
	public <T> Optional<T> getResult(JobRecord job, Type type) {
		String result = job.result();
		return (result != null) ? Optional.ofNullable(this.converter.read(result, type)) : Optional.empty();
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
	public JobCancellation cancel(String queue, String id, String reason) {
		checkQueue(queue);
		Assert.hasText(reason, "reason must not be blank");
		return this.store.cancel(queue, id);
	}

	/**
	 * Captures a job under a deduplication mode: a new id is captured; for an id already
	 * captured and not run, {@code replace} and {@code debounce} replace its payload,
	 * {@code window} refuses it; an id whose job ran is refused.
	 */
	@Override
	public Deduplication.Outcome enqueue(String queue, String jobId, @Nullable Object payload,
			Deduplication deduplication) {
		checkQueue(queue);
		Assert.hasText(jobId, "jobId must not be blank");
		Assert.notNull(deduplication, "deduplication must not be null");
		return this.store.deduplicate(this.store.capture(queue, jobId, payload, JobOptions.none()),
				deduplication.getMode());
	}

	private static UnsupportedOperationException noWaits() {
		return new UnsupportedOperationException("CapturedJobs does not run jobs, so there is no result to wait for: "
				+ "run them with runAll(InlineJobRunner), or test against a Redis with JobQueueTester");
	}

	/**
	 * Returns every captured job, in enqueue order.
	 * @return the jobs
	 */
	public List<EnqueuedJob> all() {
		return this.store.all();
	}

	/**
	 * Returns the captured jobs of a queue, in enqueue order.
	 * @param queue the queue name
	 * @return the jobs, empty when none
	 */
	public List<EnqueuedJob> forQueue(String queue) {
		return this.store.forQueue(queue);
	}

	/**
	 * Returns the one job captured for a queue.
	 * @param queue the queue name
	 * @return the job
	 * @throws AssertionError if the queue got no job or more than one
	 */
	public EnqueuedJob single(String queue) {
		return this.store.single(queue);
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
		return this.store.runAll(runner);
	}

	/**
	 * Forgets every captured job and result; {@link CaptureJobs @CaptureJobs} does this
	 * after each test method.
	 */
	public void clear() {
		this.store.clear();
	}

	private static void checkQueue(String queue) {
		if (queue == null || queue.isBlank()) {
			throw new IllegalArgumentException("queue must not be blank");
		}
	}

	@Override
	public String toString() {
		return "CapturedJobs" + this.store;
	}

}
