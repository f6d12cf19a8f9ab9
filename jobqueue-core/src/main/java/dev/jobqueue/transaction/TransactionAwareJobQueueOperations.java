package dev.jobqueue.transaction;

import java.lang.reflect.Type;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Function;

import dev.jobqueue.Deduplication;
import dev.jobqueue.JobCancellation;
import dev.jobqueue.JobOptions;
import dev.jobqueue.JobPayloadConverter;
import dev.jobqueue.JobPayloadException;
import dev.jobqueue.JobQueueOperations;
import dev.jobqueue.JobRecord;
import dev.jobqueue.JobResultFuture;
import dev.jobqueue.QueueSettings;
import dev.jobqueue.transaction.DeferredEnqueues.DeferredJob;
import org.jspecify.annotations.Nullable;

import org.springframework.util.Assert;

/**
 * {@link JobQueueOperations} whose enqueues, inside a Spring-managed transaction, take
 * effect after its commit: a rollback enqueues nothing. Outside a transaction every call
 * goes straight to the delegate.
 * <p>
 * Inside a transaction:
 * <ul>
 * <li>{@code enqueue} and {@code enqueueAll} return at once with ids made here, in the
 * delegate's format; the jobs are written after the commit, in call order, one round trip
 * each. The payload is serialized and checked against the queue's size limit at the call,
 * so a bad payload fails inside the transaction, and serialized again after the commit:
 * do not change it in between.</li>
 * <li>the calls whose answer comes from Redis ({@code enqueueIfAbsent}, deduplicating
 * {@code enqueue}, {@code enqueueAndWait}, {@code enqueueScheduleTick},
 * {@code enqueueScheduleNow}) throw {@link IllegalStateException}: deferred, they could
 * not answer; run at once, a rollback would not undo them.</li>
 * <li>look-ups, waits on existing jobs and {@code cancel} go to the delegate at once; a
 * job enqueued in the transaction is not in Redis before the commit.</li>
 * </ul>
 * After the commit a job that cannot be written (Redis down) is lost: the commit caller
 * gets an {@link AfterCommitEnqueueException} naming it. Thread-safe.
 */
public final class TransactionAwareJobQueueOperations implements JobQueueOperations {

	private static final HexFormat HEX = HexFormat.of();

	private final JobQueueOperations delegate;

	private final JobPayloadConverter converter;

	private final Function<String, QueueSettings> settings;

	/**
	 * Decorates operations.
	 * @param delegate where the jobs go, at once or after the commit
	 * @param converter the delegate's converter, to check payloads at the call
	 * @param settings the delegate's queue settings, for the payload size limit
	 */
	public TransactionAwareJobQueueOperations(JobQueueOperations delegate, JobPayloadConverter converter,
			Function<String, QueueSettings> settings) {
		Assert.notNull(delegate, "delegate must not be null");
		Assert.notNull(converter, "converter must not be null");
		Assert.notNull(settings, "settings must not be null");
		this.delegate = delegate;
		this.converter = converter;
		this.settings = settings;
	}

	/**
	 * Returns the decorated operations, which write at once even inside a transaction.
	 * @return the delegate
	 */
	public JobQueueOperations getDelegate() {
		return this.delegate;
	}

	@Override
	public String enqueue(String queue, @Nullable Object payload) {
		return enqueue(queue, payload, JobOptions.none());
	}

	@Override
	public String enqueue(String queue, @Nullable Object payload, JobOptions options) {
		DeferredEnqueues deferred = DeferredEnqueues.current(this, this.delegate);
		if (deferred == null) {
			return this.delegate.enqueue(queue, payload, options);
		}
		return defer(deferred, queue, List.of(new Payload(payload)), options).get(0);
	}

	@Override
	public List<String> enqueueAll(String queue, Collection<?> payloads) {
		return enqueueAll(queue, payloads, JobOptions.none());
	}

	@Override
	public List<String> enqueueAll(String queue, Collection<?> payloads, JobOptions options) {
		DeferredEnqueues deferred = DeferredEnqueues.current(this, this.delegate);
		if (deferred == null) {
			return this.delegate.enqueueAll(queue, payloads, options);
		}
		Assert.notNull(payloads, "payloads must not be null");
		return defer(deferred, queue, payloads.stream().map(Payload::new).toList(), options);
	}

	private List<String> defer(DeferredEnqueues deferred, String queue, List<Payload> payloads, JobOptions options) {
		Assert.hasText(queue, "queue must not be blank");
		Assert.notNull(options, "options must not be null");
		int limit = this.settings.apply(queue).maxPayloadBytes();
		List<DeferredJob> jobs = new ArrayList<>(payloads.size());
		for (Payload payload : payloads) {
			checkPayload(queue, payload.value(), limit);
			jobs.add(new DeferredJob(queue, HEX.toHexDigits(ThreadLocalRandom.current().nextLong()), payload.value(),
					options));
		}
		deferred.add(jobs);
		return jobs.stream().map(DeferredJob::id).toList();
	}

	private void checkPayload(String queue, @Nullable Object payload, int limit) {
		String json = this.converter.write(payload);
		int bytes = json.getBytes(StandardCharsets.UTF_8).length;
		if (bytes > limit) {
			throw new JobPayloadException(
					"Payload of " + bytes + " bytes exceeds the limit of " + limit + " bytes of queue '" + queue + "'");
		}
	}

	@Override
	public boolean enqueueIfAbsent(String queue, String jobId, @Nullable Object payload) {
		requireNoTransaction("enqueueIfAbsent");
		return this.delegate.enqueueIfAbsent(queue, jobId, payload);
	}

	@Override
	public boolean enqueueIfAbsent(String queue, String jobId, @Nullable Object payload, JobOptions options) {
		requireNoTransaction("enqueueIfAbsent");
		return this.delegate.enqueueIfAbsent(queue, jobId, payload, options);
	}

	@Override
	public Deduplication.Outcome enqueue(String queue, String jobId, @Nullable Object payload,
			Deduplication deduplication) {
		requireNoTransaction("enqueue with deduplication");
		return this.delegate.enqueue(queue, jobId, payload, deduplication);
	}

	@Override
	public boolean enqueueScheduleTick(String queue, String schedule, Instant tick, String payloadJson) {
		requireNoTransaction("enqueueScheduleTick");
		return this.delegate.enqueueScheduleTick(queue, schedule, tick, payloadJson);
	}

	@Override
	public String enqueueScheduleNow(String queue, String schedule, String payloadJson) {
		requireNoTransaction("enqueueScheduleNow");
		return this.delegate.enqueueScheduleNow(queue, schedule, payloadJson);
	}

	@Override
	public <T> JobResultFuture<T> enqueueAndWait(String queue, @Nullable Object payload, Class<T> resultType,
			Duration timeout) {
		requireNoTransaction("enqueueAndWait");
		return this.delegate.enqueueAndWait(queue, payload, resultType, timeout);
	}

	@Override
	public <T> JobResultFuture<T> enqueueAndWait(String queue, @Nullable Object payload, JobOptions options,
			Type resultType, Duration timeout) {
		requireNoTransaction("enqueueAndWait");
		return this.delegate.enqueueAndWait(queue, payload, options, resultType, timeout);
	}

	private void requireNoTransaction(String operation) {
		if (DeferredEnqueues.inTransaction()) {
			throw new IllegalStateException(operation + " cannot run inside a transaction: its answer comes from "
					+ "Redis, so it cannot wait for the commit, and written now a rollback would not undo it. Call it "
					+ "after the commit (for example from an @TransactionalEventListener), or on getDelegate() to "
					+ "write at once, or set jobqueue.producer.transaction-aware=false");
		}
	}

	@Override
	public Optional<JobRecord> getJob(String queue, String id) {
		return this.delegate.getJob(queue, id);
	}

	@Override
	public <T> Optional<T> getResult(JobRecord job, Type type) {
		return this.delegate.getResult(job, type);
	}

	@Override
	public <T> JobResultFuture<T> awaitJob(String queue, String id, Class<T> resultType, Duration timeout) {
		return this.delegate.awaitJob(queue, id, resultType, timeout);
	}

	@Override
	public <T> JobResultFuture<T> awaitJob(String queue, String id, Type resultType, Duration timeout) {
		return this.delegate.awaitJob(queue, id, resultType, timeout);
	}

	@Override
	public JobCancellation cancel(String queue, String id) {
		return this.delegate.cancel(queue, id);
	}

	@Override
	public JobCancellation cancel(String queue, String id, String reason) {
		return this.delegate.cancel(queue, id, reason);
	}

	/**
	 * A payload that may be null, since {@code List.of} refuses nulls.
	 */
	private record Payload(@Nullable Object value) {
	}

}
