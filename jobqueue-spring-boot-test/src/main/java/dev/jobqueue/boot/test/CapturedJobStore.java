package dev.jobqueue.boot.test;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;

import dev.jobqueue.Deduplication;
import dev.jobqueue.JobCancellation;
import dev.jobqueue.JobOptions;
import dev.jobqueue.JobPayloadConverter;
import dev.jobqueue.JobRecord;
import dev.jobqueue.JobState;
import org.jspecify.annotations.Nullable;

/**
 * The jobs a {@link CapturedJobs} captured, in capture order, and the results of those
 * that ran; it also writes the captured jobs' payloads as an enqueue would. Every method
 * that reads or changes the jobs holds the store's lock, so a look-up and the change it
 * decides are one step.
 */
final class CapturedJobStore {

	private final JobPayloadConverter converter;

	private final Clock clock;

	private final List<EnqueuedJob> jobs = new ArrayList<>();

	private final Map<String, Map<String, InlineJobResult>> results = new HashMap<>();

	CapturedJobStore(JobPayloadConverter converter, Clock clock) {
		this.converter = converter;
		this.clock = clock;
	}

	/**
	 * Writes a job's payload with the converter, as an enqueue would, stamped now.
	 * @throws dev.jobqueue.JobPayloadException if the payload cannot be written
	 */
	EnqueuedJob capture(String queue, String id, @Nullable Object payload, JobOptions options) {
		String json = this.converter.write(payload);
		return new EnqueuedJob(queue, id, payload, json, options, null, this.clock.instant(), this.converter);
	}

	/**
	 * Makes the job of a recurring schedule's tick, or of a trigger now when the tick is
	 * null, under a new id.
	 * @throws dev.jobqueue.JobPayloadException if the payload is not JSON, which a real
	 * enqueue refuses
	 */
	EnqueuedJob scheduled(String queue, String schedule, @Nullable Instant tick, String payloadJson) {
		this.converter.readTree(payloadJson);
		Instant at = (tick != null) ? tick : this.clock.instant();
		return new EnqueuedJob(queue, newId(), null, payloadJson, JobOptions.none(), schedule, at, this.converter);
	}

	/**
	 * Returns a new id of 16 hex digits, the shape of the ids of a real enqueue.
	 */
	static String newId() {
		return String.format("%016x", ThreadLocalRandom.current().nextLong());
	}

	synchronized void add(EnqueuedJob job) {
		this.jobs.add(job);
	}

	synchronized void addAll(Collection<EnqueuedJob> captured) {
		this.jobs.addAll(captured);
	}

	/**
	 * Adds a job unless one with its id was captured on its queue.
	 * @return whether it was added
	 */
	synchronized boolean addIfAbsent(EnqueuedJob job) {
		if (find(job.queue(), job.id()) != null) {
			return false;
		}
		this.jobs.add(job);
		return true;
	}

	/**
	 * Adds the job of a schedule's tick unless the schedule has a job of that tick or a
	 * later one, as the tick's marker in Redis refuses a tick twice.
	 * @return whether it was added
	 */
	synchronized boolean addTick(EnqueuedJob tickJob, String schedule, Instant tick) {
		for (EnqueuedJob job : this.jobs) {
			if (job.queue().equals(tickJob.queue()) && schedule.equals(job.schedule())
					&& !job.enqueuedAt().isBefore(tick)) {
				return false;
			}
		}
		this.jobs.add(tickJob);
		return true;
	}

	/**
	 * Adds a job under a deduplication mode: a new id is added; a job not run yet is
	 * replaced unless the mode is {@code window}; an id whose job ran is refused.
	 * @return what happened
	 */
	synchronized Deduplication.Outcome deduplicate(EnqueuedJob job, Deduplication.Mode mode) {
		EnqueuedJob existing = find(job.queue(), job.id());
		if (existing == null) {
			this.jobs.add(job);
			return Deduplication.Outcome.ENQUEUED;
		}
		if (hasRun(job.queue(), job.id()) || mode == Deduplication.Mode.WINDOW) {
			return Deduplication.Outcome.REFUSED;
		}
		this.jobs.set(this.jobs.indexOf(existing), job);
		return Deduplication.Outcome.UPDATED;
	}

	/**
	 * Describes a captured job as its hash would: pending (or delayed) until it ran, then
	 * completed, failed, or pending again with its error when a worker would retry it.
	 * @return the job, or empty when none was captured with that id
	 */
	synchronized Optional<JobRecord> record(String queue, String id) {
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
				// back in pending, with its error
				case RETRIED -> JobState.PENDING.value();
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

	/**
	 * Cancels a captured job: one that has not run is removed.
	 * @return what the cancel did
	 */
	synchronized JobCancellation cancel(String queue, String id) {
		EnqueuedJob job = find(queue, id);
		if (job == null) {
			return new JobCancellation(queue, id, JobCancellation.Outcome.NOT_FOUND, "");
		}
		String status = record(queue, id).map(JobRecord::status).orElse("");
		if (hasRun(queue, id)) {
			return new JobCancellation(queue, id, JobCancellation.Outcome.ALREADY_FINISHED, status);
		}
		this.jobs.remove(job);
		return new JobCancellation(queue, id, JobCancellation.Outcome.CANCELLED, status);
	}

	synchronized List<EnqueuedJob> all() {
		return List.copyOf(this.jobs);
	}

	synchronized List<EnqueuedJob> forQueue(String queue) {
		return this.jobs.stream().filter((job) -> job.queue().equals(queue)).toList();
	}

	/**
	 * Returns the one job captured for a queue.
	 * @throws AssertionError if the queue got no job or more than one
	 */
	EnqueuedJob single(String queue) {
		List<EnqueuedJob> found = forQueue(queue);
		if (found.size() != 1) {
			throw new AssertionError("Expected exactly one job enqueued on queue '" + queue + "' but found "
					+ found.size() + ": " + found);
		}
		return found.get(0);
	}

	/**
	 * Runs every job that has not run yet through a runner, in capture order, including
	 * jobs captured while they run; each job runs once, outside the lock.
	 * @return the results, in the order the jobs ran
	 */
	List<InlineJobResult> runAll(InlineJobRunner runner) {
		List<InlineJobResult> ran = new ArrayList<>();
		while (true) {
			EnqueuedJob next = nextNotRun();
			if (next == null) {
				return ran;
			}
			InlineJobResult result = runner.run(next);
			ran(next, result);
			ran.add(result);
		}
	}

	private synchronized @Nullable EnqueuedJob nextNotRun() {
		for (EnqueuedJob job : this.jobs) {
			if (!hasRun(job.queue(), job.id())) {
				return job;
			}
		}
		return null;
	}

	private synchronized void ran(EnqueuedJob job, InlineJobResult result) {
		this.results.computeIfAbsent(job.queue(), (queue) -> new HashMap<>()).put(job.id(), result);
	}

	synchronized void clear() {
		this.jobs.clear();
		this.results.clear();
	}

	private boolean hasRun(String queue, String id) {
		return this.results.getOrDefault(queue, Map.of()).containsKey(id);
	}

	private boolean isDelayed(EnqueuedJob job) {
		JobOptions options = job.options();
		Instant now = this.clock.instant();
		if (options.getRunAt() != null) {
			return options.getRunAt().isAfter(now);
		}
		return options.getDelay() != null && job.enqueuedAt().plus(options.getDelay()).isAfter(now);
	}

	private @Nullable EnqueuedJob find(String queue, String id) {
		for (EnqueuedJob job : this.jobs) {
			if (job.queue().equals(queue) && job.id().equals(id)) {
				return job;
			}
		}
		return null;
	}

	@Override
	public synchronized String toString() {
		return this.jobs.toString();
	}

}
