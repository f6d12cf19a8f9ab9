package dev.jobqueue;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;

import dev.jobqueue.observation.JobEnqueueObserver;
import org.jspecify.annotations.Nullable;

import org.springframework.util.Assert;

/**
 * Writes new jobs for {@link JobQueueTemplate}: plain jobs with the reference helpers'
 * enqueue (durably when the clients are so configured), jobs with {@link JobOptions} with
 * the scheduled enqueue, deduplicated jobs, and the ticks of recurring schedules. Every
 * written job counts in its queue's enqueued counter. With an observer, each enqueue of
 * the application (not a schedule's tick) is observed, and its jobs carry the trace
 * context the observer hands over in their {@code traceparent} field.
 */
final class JobEnqueuer {

	private static final int ENQUEUE_GROUP = 1000;

	private final ScriptRunner runner;

	private final JobPayloadConverter converter;

	private final @Nullable DurableEnqueue durable;

	private volatile @Nullable JobEnqueueObserver observer;

	JobEnqueuer(ScriptRunner runner, JobPayloadConverter converter, @Nullable DurableEnqueue durable) {
		this.runner = runner;
		this.converter = converter;
		this.durable = durable;
	}

	void setObserver(@Nullable JobEnqueueObserver observer) {
		this.observer = observer;
	}

	/**
	 * Enqueues jobs under new ids, in groups of {@value #ENQUEUE_GROUP} per script call;
	 * every payload is converted (and its size checked) before the first is written.
	 * Plain options on a queue that is not LIFO write the reference data model.
	 */
	List<String> enqueueAll(QueueContext q, Collection<?> payloads, JobOptions options) {
		Assert.notNull(payloads, "payloads must not be null");
		List<String> ids = new ArrayList<>(payloads.size());
		List<String> jsons = new ArrayList<>(payloads.size());
		for (Object payload : payloads) {
			jsons.add(payloadJson(q, payload));
			ids.add(JobIds.newId());
		}
		return enqueueAll(q, ids, payloads, jsons, options);
	}

	/**
	 * Enqueues jobs whose ids the caller generated and whose payloads it converted, one
	 * of each per payload, as {@link #enqueueAll(QueueContext, Collection, JobOptions)}
	 * does.
	 */
	List<String> enqueueAll(QueueContext q, List<String> ids, Collection<?> payloads, List<String> jsons,
			JobOptions options) {
		boolean plain = isPlain(q, options);
		return observed(q, ids, payloads, jsons, (traceparent) -> {
			for (int from = 0; from < ids.size(); from += ENQUEUE_GROUP) {
				int to = Math.min(ids.size(), from + ENQUEUE_GROUP);
				List<String> args = args(q, plain, options, 2 * (to - from), traceparent);
				for (int i = from; i < to; i++) {
					args.add(ids.get(i));
					args.add(jsons.get(i));
				}
				run(q, plain, args);
				q.enqueued.add(to - from);
			}
			return ids;
		}, (written) -> "enqueued");
	}

	/**
	 * Enqueues a job under the caller's id unless a job with that id exists.
	 * @return whether the job was written
	 */
	boolean enqueueIfAbsent(QueueContext q, String jobId, @Nullable Object payload, JobOptions options) {
		Assert.hasText(jobId, "jobId must not be blank");
		boolean plain = isPlain(q, options);
		String json = payloadJson(q, payload);
		return observed(q, List.of(jobId), Collections.singletonList(payload), List.of(json), (traceparent) -> {
			List<String> args = args(q, plain, options, 2, traceparent);
			args.add(jobId);
			args.add(json);
			List<Object> written = run(q, plain, args);
			boolean enqueued = !written.isEmpty() && ScriptRunner.toLong(written.get(0)) == 1;
			if (enqueued) {
				q.enqueued.increment();
			}
			return enqueued;
		}, (enqueued) -> enqueued ? "enqueued" : "skipped");
	}

	/**
	 * Enqueues one job whose payload is already converted, for a caller that must know
	 * its id before it exists; plain options write the reference data model even on a
	 * LIFO queue. Does not count it: the caller does once it is written.
	 */
	void enqueue(QueueContext q, String id, String json, JobOptions options) {
		boolean plain = options.isPlain();
		observed(q, List.of(id), Collections.singletonList(null), List.of(json), (traceparent) -> {
			List<String> args = args(q, plain, options, 2, traceparent);
			args.add(id);
			args.add(json);
			return run(q, plain, args);
		}, (written) -> "enqueued");
	}

	Deduplication.Outcome enqueue(QueueContext q, String jobId, @Nullable Object payload, Deduplication deduplication) {
		Assert.hasText(jobId, "jobId must not be blank");
		Assert.notNull(deduplication, "deduplication must not be null");
		String json = payloadJson(q, payload);
		return observed(q, List.of(jobId), Collections.singletonList(payload), List.of(json), (traceparent) -> {
			List<Object> reply = this.runner.run("enqueue", q, this.runner.scripts.enqueueDedupJob(), q.dedupKeys,
					List.of(this.runner.now(), deduplication.script(), jobId, json,
							String.valueOf(deduplication.getDuration().toMillis()), q.keys.wake(),
							(traceparent != null) ? traceparent : ""));
			return switch ((int) ScriptRunner.toLong(reply.get(0))) {
				case 1 -> {
					q.enqueued.increment();
					yield Deduplication.Outcome.ENQUEUED;
				}
				case 2 -> Deduplication.Outcome.UPDATED;
				default -> Deduplication.Outcome.REFUSED;
			};
		}, (outcome) -> outcome.name().toLowerCase(Locale.ROOT));
	}

	boolean enqueueScheduleTick(QueueContext q, String schedule, Instant tick, String payloadJson) {
		Assert.hasText(schedule, "schedule must not be blank");
		Assert.notNull(tick, "tick must not be null");
		this.converter.readTree(payloadJson);
		boolean enqueued = this.runner.run("enqueue schedule tick", q, this.runner.scripts.enqueueScheduleTick(),
				List.of(q.keys.schedule(schedule), q.keys.jobPrefix(), q.keys.pending()),
				List.of(String.valueOf(tick.toEpochMilli()), JobIds.newId(), payloadJson, this.runner.now(),
						schedule)) == 1;
		if (enqueued) {
			q.enqueued.increment();
		}
		return enqueued;
	}

	String enqueueScheduleNow(QueueContext q, String schedule, String payloadJson) {
		Assert.hasText(schedule, "schedule must not be blank");
		this.converter.readTree(payloadJson);
		String id = JobIds.newId();
		String now = this.runner.now();
		this.runner.run("trigger schedule", q, this.runner.scripts.enqueueScheduleTick(),
				List.of(q.keys.schedule(schedule), q.keys.jobPrefix(), q.keys.pending()),
				List.of(now, id, payloadJson, now, schedule, "1"));
		q.enqueued.increment();
		return id;
	}

	/**
	 * Converts a payload to JSON.
	 * @throws JobPayloadException if it cannot be written or exceeds the queue's payload
	 * limit
	 */
	String payloadJson(QueueContext q, @Nullable Object payload) {
		String json = this.converter.write(payload);
		int limit = q.settings.maxPayloadBytes();
		if (json.length() > limit / 3) {
			int bytes = json.getBytes(StandardCharsets.UTF_8).length;
			if (bytes > limit) {
				throw new JobPayloadException("Payload of " + bytes + " bytes exceeds the limit of " + limit
						+ " bytes of queue '" + q.name + "'");
			}
		}
		return json;
	}

	/**
	 * Runs an enqueue in the observer's observation, handing it the traceparent to store,
	 * or without one when there is no observer.
	 */
	private <T> T observed(QueueContext q, List<String> ids, Collection<?> payloads, List<String> jsons,
			Function<@Nullable String, T> enqueue, Function<T, String> outcome) {
		JobEnqueueObserver observer = this.observer;
		if (observer == null) {
			return enqueue.apply(null);
		}
		// payloads may hold nulls (a null payload is the JSON null), which List.copyOf
		// refuses
		List<?> given = (payloads instanceof List<?> list) ? list : new ArrayList<>(payloads);
		return observer.observe(q.name, ids, given, jsons, enqueue, outcome);
	}

	private static boolean isPlain(QueueContext q, JobOptions options) {
		return options.isPlain() && !q.flow.lifo();
	}

	/**
	 * Returns the arguments that precede the id and payload pairs of {@code jobArgs}
	 * arguments, in a list with room for them.
	 */
	private List<String> args(QueueContext q, boolean plain, JobOptions options, int jobArgs,
			@Nullable String traceparent) {
		if (plain) {
			List<String> args = new ArrayList<>(3 + jobArgs);
			args.add(this.runner.now());
			// skip ids that exist: new ids never do, but Lettuce replays a command whose
			// reply a dropped connection lost, and a replayed enqueue must not push the
			// same id to pending twice
			args.add("1");
			args.add((traceparent != null) ? traceparent : "");
			return args;
		}
		long now = this.runner.millis();
		List<String> args = new ArrayList<>(10 + jobArgs);
		args.add(Long.toString(now));
		// skip ids that exist, for the same reason as a plain enqueue: a replayed command
		args.add("1");
		args.add(Long.toString(dueAtMillis(options, now)));
		Instant expiresAt = options.getExpiresAt();
		args.add((expiresAt != null) ? Long.toString(expiresAt.toEpochMilli()) : "");
		Duration timeout = options.getTimeout();
		args.add((timeout != null) ? Long.toString(timeout.toMillis()) : "");
		args.add(q.keys.wake());
		String priority = options.getPriority();
		Assert.isTrue(priority == null || q.flow.priorities().contains(priority),
				() -> "priority must be one of the levels " + q.flow.priorities() + " of queue '" + q.name + "', was '"
						+ priority + "'");
		args.add((priority != null) ? priority : "");
		String group = options.getGroup();
		args.add((group != null) ? group : "");
		Boolean lifo = options.getLifo();
		args.add(((lifo != null) ? lifo : q.flow.lifo()) ? "1" : "0");
		args.add((traceparent != null) ? traceparent : "");
		return args;
	}

	/**
	 * Returns when a job enqueued at {@code nowMillis} is due: {@code nowMillis} or
	 * earlier when it runs at once.
	 */
	private static long dueAtMillis(JobOptions options, long nowMillis) {
		Instant runAt = options.getRunAt();
		if (runAt != null) {
			return runAt.toEpochMilli();
		}
		Duration delay = options.getDelay();
		return (delay != null) ? nowMillis + delay.toMillis() : nowMillis;
	}

	private List<Object> run(QueueContext q, boolean plain, List<String> args) {
		if (!plain) {
			return this.runner.run("enqueue", q, this.runner.scripts.enqueueScheduledJobs(), q.scheduledEnqueueKeys,
					args);
		}
		if (this.durable != null) {
			return this.durable.run(q, args);
		}
		return this.runner.run("enqueue", q, this.runner.scripts.enqueueJobs(), q.enqueueKeys, args);
	}

}
