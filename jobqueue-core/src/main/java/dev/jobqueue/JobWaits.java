package dev.jobqueue;

import java.lang.reflect.Type;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

import org.springframework.util.Assert;

/**
 * The waits of an application for job results. Each queue's events channel is subscribed
 * once, on the shared {@link JobEventSubscriber}, before the first wait's job is enqueued
 * or looked up; a {@code completed}, {@code failed} or {@code cancelled} event of a
 * waited-for id reads its hash once and completes every wait on it. After a reconnect,
 * when events may have been missed, every wait of the queue reads its hash again.
 */
final class JobWaits {

	private static final Log logger = LogFactory.getLog(JobWaits.class);

	private static final Duration SUBSCRIBE_TIMEOUT = Duration.ofSeconds(10);

	private final ScriptRunner runner;

	private final JobPayloadConverter converter;

	private final JobEventSubscriber events;

	/** Waits by events channel, then by job id. */
	private final Map<String, Map<String, Set<Wait<?>>>> waits = new ConcurrentHashMap<>();

	private final Set<String> subscribed = ConcurrentHashMap.newKeySet();

	private final Object subscribeMonitor = new Object();

	JobWaits(ScriptRunner runner, JobPayloadConverter converter, JobEventSubscriber events) {
		this.runner = runner;
		this.converter = converter;
		this.events = events;
	}

	/**
	 * Subscribes to the queue's events, if not yet, and registers a wait: call before the
	 * job is enqueued, so its completion cannot be missed.
	 */
	<T> JobResultFuture<T> register(QueueContext q, String id, Type type, Duration timeout) {
		Assert.notNull(type, "resultType must not be null");
		Assert.isTrue(timeout != null && timeout.toMillis() > 0, () -> "timeout must be at least 1 ms, was " + timeout);
		ensureSubscribed(q);
		JobResultFuture<T> future = new JobResultFuture<>(q.name, id);
		Wait<T> wait = new Wait<>(q, id, type, future);
		Set<Wait<?>> ofJob = this.waits.computeIfAbsent(q.keys.events(), (c) -> new ConcurrentHashMap<>())
			.computeIfAbsent(id, (i) -> ConcurrentHashMap.newKeySet());
		ofJob.add(wait);
		ScheduledFuture<?> timer = this.events.scheduler()
			.schedule(
					() -> future.completeExceptionally(new TimeoutException("Job " + id + " of queue '" + q.name
							+ "' did not finish within " + timeout + "; it goes on, only this wait ended")),
					timeout.toMillis(), TimeUnit.MILLISECONDS);
		future.whenComplete((result, ex) -> {
			timer.cancel(false);
			remove(wait);
		});
		return future;
	}

	/**
	 * Reads the job's hash once and completes the wait if the job has finished or does
	 * not exist: what {@code awaitJob} does right after registering.
	 */
	void checkNow(JobResultFuture<?> future, QueueContext q) {
		Map<String, Set<Wait<?>>> ofChannel = this.waits.get(q.keys.events());
		Set<Wait<?>> ofJob = (ofChannel != null) ? ofChannel.get(future.getJobId()) : null;
		if (ofJob == null) {
			return;
		}
		for (Wait<?> wait : ofJob) {
			if (wait.future == future) {
				settle(q, future.getJobId(), List.of(wait), true, false);
			}
		}
	}

	/**
	 * Ends a wait registered for a job whose enqueue failed.
	 */
	void abandon(JobResultFuture<?> future, Throwable cause) {
		future.completeExceptionally(cause);
	}

	private void ensureSubscribed(QueueContext q) {
		String channel = q.keys.events();
		if (this.subscribed.contains(channel)) {
			return;
		}
		synchronized (this.subscribeMonitor) {
			if (this.subscribed.contains(channel)) {
				return;
			}
			this.events.subscribe(channel, (body) -> onEvent(q, channel, body), () -> recheck(q, channel),
					SUBSCRIBE_TIMEOUT);
			this.subscribed.add(channel);
		}
	}

	private void onEvent(QueueContext q, String channel, byte[] body) {
		Map<String, Set<Wait<?>>> ofChannel = this.waits.get(channel);
		if (ofChannel == null || ofChannel.isEmpty()) {
			return;
		}
		JsonNode event;
		try {
			event = this.converter.readTree(new String(body, StandardCharsets.UTF_8));
		}
		catch (JobPayloadException ex) {
			return;
		}
		JsonNode id = event.get("id");
		JsonNode status = event.get("status");
		if (id == null || status == null || !id.isString() || !status.isString()) {
			return;
		}
		String state = status.asString();
		if (!state.equals("completed") && !state.equals("failed") && !state.equals("cancelled")) {
			return;
		}
		Set<Wait<?>> ofJob = ofChannel.get(id.asString());
		if (ofJob == null || ofJob.isEmpty()) {
			return;
		}
		List<Wait<?>> waiting = List.copyOf(ofJob);
		// the look-up runs off the dispatch thread, so events keep flowing
		this.events.scheduler().execute(() -> settle(q, id.asString(), waiting, false, true));
	}

	private void recheck(QueueContext q, String channel) {
		Map<String, Set<Wait<?>>> ofChannel = this.waits.get(channel);
		if (ofChannel == null || ofChannel.isEmpty()) {
			return;
		}
		for (Map.Entry<String, Set<Wait<?>>> entry : ofChannel.entrySet()) {
			List<Wait<?>> waiting = List.copyOf(entry.getValue());
			if (!waiting.isEmpty()) {
				this.events.scheduler().execute(() -> settle(q, entry.getKey(), waiting, false, false));
			}
		}
	}

	/**
	 * Reads the job's state once for all its waits and completes them when it finished.
	 * @param missingEnds whether a missing hash ends the waits (the look-up right after
	 * subscribing)
	 * @param finishedEvent whether a finished event triggered the look-up, so a missing
	 * hash (deleted at maxmemory, or expired) ends the waits too
	 */
	private void settle(QueueContext q, String id, List<Wait<?>> waiting, boolean missingEnds, boolean finishedEvent) {
		List<String> fields;
		try {
			fields = this.runner.call("wait for job", q, () -> this.runner.redis.<String, String>opsForHash()
				.multiGet(q.keys.job(id), List.of("status", "result", "last_error")));
			if (fields == null) {
				fields = List.of();
			}
		}
		catch (JobQueueException ex) {
			if (missingEnds) {
				// the first look-up of a wait: its caller learns Redis failed at once
				waiting.forEach((wait) -> wait.future.completeExceptionally(ex));
			}
			else {
				logger.warn("Reading the outcome of job " + id + " of queue '" + q.name
						+ "' failed; its waits end at their timeout unless another event arrives: " + ex.getMessage());
			}
			return;
		}
		String status = (!fields.isEmpty()) ? fields.get(0) : null;
		String result = (fields.size() > 1) ? fields.get(1) : null;
		String lastError = (fields.size() > 2) ? fields.get(2) : null;
		for (Wait<?> wait : waiting) {
			if (status == null) {
				boolean exists = Boolean.TRUE
					.equals(this.runner.call("wait for job", q, () -> this.runner.redis.hasKey(q.keys.job(id))));
				if (!exists) {
					if (missingEnds) {
						wait.future.completeExceptionally(new NoSuchJobException(q.name, id, "nothing to wait for"));
					}
					else if (finishedEvent) {
						wait.future.completeExceptionally(
								new NoSuchJobException(q.name, id, "it finished but its hash is already gone"));
					}
				}
				continue;
			}
			switch (status) {
				case "completed" -> wait.complete(result, this.converter);
				case "failed" -> wait.future.completeExceptionally(new JobFailedException(q.name, id, lastError));
				case "cancelled" -> wait.future.completeExceptionally(new JobCancelledException(q.name, id, lastError));
				default -> {
					// still pending, delayed or running: the event will come
				}
			}
		}
	}

	private void remove(Wait<?> wait) {
		Map<String, Set<Wait<?>>> ofChannel = this.waits.get(wait.q.keys.events());
		if (ofChannel == null) {
			return;
		}
		ofChannel.computeIfPresent(wait.id, (id, set) -> {
			set.remove(wait);
			return set.isEmpty() ? null : set;
		});
	}

	/**
	 * Returns how many waits are registered, for tests and diagnostics.
	 * @return the number of waits
	 */
	int size() {
		int size = 0;
		for (Map<String, Set<Wait<?>>> ofChannel : this.waits.values()) {
			for (Set<Wait<?>> ofJob : ofChannel.values()) {
				size += ofJob.size();
			}
		}
		return size;
	}

	/**
	 * Ends every wait, for a shutdown; the subscription is closed by its owner.
	 */
	void close() {
		JobQueueException stopped = new JobQueueException("The job queue clients stopped while waiting for the job");
		for (Map<String, Set<Wait<?>>> ofChannel : this.waits.values()) {
			for (Set<Wait<?>> ofJob : ofChannel.values()) {
				for (Wait<?> wait : List.copyOf(ofJob)) {
					wait.future.completeExceptionally(stopped);
				}
			}
		}
		this.waits.clear();
		this.subscribed.clear();
	}

	private static final class Wait<T> {

		final QueueContext q;

		final String id;

		final Type type;

		final JobResultFuture<T> future;

		Wait(QueueContext q, String id, Type type, JobResultFuture<T> future) {
			this.q = q;
			this.id = id;
			this.type = type;
			this.future = future;
		}

		void complete(@Nullable String result, JobPayloadConverter converter) {
			if (result == null) {
				this.future.complete(null);
				return;
			}
			try {
				this.future.complete(converter.<T>read(result, this.type));
			}
			catch (JobPayloadException ex) {
				this.future.completeExceptionally(new JobPayloadException("Result of job " + this.id + " of queue '"
						+ this.q.name + "' does not fit " + this.type.getTypeName() + ": " + ex.getMessage(), ex));
			}
		}

	}

}
