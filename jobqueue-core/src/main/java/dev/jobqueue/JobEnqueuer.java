package dev.jobqueue;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

import org.jspecify.annotations.Nullable;

import org.springframework.util.Assert;

/**
 * Writes new jobs for {@link JobQueueTemplate}: plain jobs with the reference helpers'
 * enqueue (durably when the clients are so configured), jobs with {@link JobOptions} with
 * the scheduled enqueue, deduplicated jobs, and the ticks of recurring schedules. Every
 * written job counts in its queue's enqueued counter.
 */
final class JobEnqueuer {

	private static final int ENQUEUE_GROUP = 1000;

	private final ScriptRunner runner;

	private final JobPayloadConverter converter;

	private final @Nullable DurableEnqueue durable;

	JobEnqueuer(ScriptRunner runner, JobPayloadConverter converter, @Nullable DurableEnqueue durable) {
		this.runner = runner;
		this.converter = converter;
		this.durable = durable;
	}

	/**
	 * Enqueues jobs under new ids, in groups of {@value #ENQUEUE_GROUP} per script call;
	 * every payload is converted (and its size checked) before the first is written.
	 * Plain options on a queue that is not LIFO write the reference data model.
	 */
	List<String> enqueueAll(QueueContext q, Collection<?> payloads, JobOptions options) {
		Assert.notNull(payloads, "payloads must not be null");
		boolean plain = isPlain(q, options);
		List<String> ids = new ArrayList<>(payloads.size());
		List<String> jsons = new ArrayList<>(payloads.size());
		for (Object payload : payloads) {
			jsons.add(payloadJson(q, payload));
			ids.add(JobIds.newId());
		}
		for (int from = 0; from < ids.size(); from += ENQUEUE_GROUP) {
			int to = Math.min(ids.size(), from + ENQUEUE_GROUP);
			List<String> args = args(q, plain, options, 2 * (to - from));
			for (int i = from; i < to; i++) {
				args.add(ids.get(i));
				args.add(jsons.get(i));
			}
			run(q, plain, args);
			q.enqueued.add(to - from);
		}
		return ids;
	}

	/**
	 * Enqueues a job under the caller's id unless a job with that id exists.
	 * @return whether the job was written
	 */
	boolean enqueueIfAbsent(QueueContext q, String jobId, @Nullable Object payload, JobOptions options) {
		Assert.hasText(jobId, "jobId must not be blank");
		boolean plain = isPlain(q, options);
		List<String> args = args(q, plain, options, 2);
		args.add(jobId);
		args.add(payloadJson(q, payload));
		List<Object> written = run(q, plain, args);
		boolean enqueued = !written.isEmpty() && ScriptRunner.toLong(written.get(0)) == 1;
		if (enqueued) {
			q.enqueued.increment();
		}
		return enqueued;
	}

	/**
	 * Enqueues one job whose payload is already converted, for a caller that must know
	 * its id before it exists; plain options write the reference data model even on a
	 * LIFO queue. Does not count it: the caller does once it is written.
	 */
	void enqueue(QueueContext q, String id, String json, JobOptions options) {
		boolean plain = options.isPlain();
		List<String> args = args(q, plain, options, 2);
		args.add(id);
		args.add(json);
		run(q, plain, args);
	}

	Deduplication.Outcome enqueue(QueueContext q, String jobId, @Nullable Object payload, Deduplication deduplication) {
		Assert.hasText(jobId, "jobId must not be blank");
		Assert.notNull(deduplication, "deduplication must not be null");
		List<Object> reply = this.runner.run("enqueue", q, this.runner.scripts.enqueueDedupJob(), q.dedupKeys,
				List.of(this.runner.now(), deduplication.script(), jobId, payloadJson(q, payload),
						String.valueOf(deduplication.getDuration().toMillis()), q.keys.wake()));
		return switch ((int) ScriptRunner.toLong(reply.get(0))) {
			case 1 -> {
				q.enqueued.increment();
				yield Deduplication.Outcome.ENQUEUED;
			}
			case 2 -> Deduplication.Outcome.UPDATED;
			default -> Deduplication.Outcome.REFUSED;
		};
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

	private static boolean isPlain(QueueContext q, JobOptions options) {
		return options.isPlain() && !q.flow.lifo();
	}

	/**
	 * Returns the arguments that precede the id and payload pairs of {@code jobArgs}
	 * arguments, in a list with room for them.
	 */
	private List<String> args(QueueContext q, boolean plain, JobOptions options, int jobArgs) {
		if (plain) {
			List<String> args = new ArrayList<>(2 + jobArgs);
			args.add(this.runner.now());
			// skip ids that exist: new ids never do, but Lettuce replays a command whose
			// reply a dropped connection lost, and a replayed enqueue must not push the
			// same id to pending twice
			args.add("1");
			return args;
		}
		long now = this.runner.millis();
		List<String> args = new ArrayList<>(6 + jobArgs);
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
