package dev.jobqueue.dashboard;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import dev.jobqueue.JobRecord;
import org.jspecify.annotations.Nullable;

/**
 * Turns a stored job into what the job page shows: masked values, the timeline its hash
 * records, its progress when it has one, and its other fields.
 */
public final class JobDetails {

	JobDetails() {
	}

	static final String HIDDEN = "******";

	/** Fields the page shows on their own, or never (the claim token is a credential). */
	private static final Set<String> SHOWN_APART = Set.of("status", "attempts", "payload", "result", "last_error",
			"claim_token", "enqueued_at_ms", "claimed_at_ms", "completed_at_ms", "last_error_at_ms", "reclaimed_at_ms",
			"progress", "run_at_ms", "scheduled_at_ms");

	Job describe(JobRecord job, boolean showValues) {
		List<Event> timeline = new ArrayList<>();
		add(timeline, job.enqueuedAt(), "enqueued", null);
		String schedule = job.fields().get("schedule");
		add(timeline, job.scheduledAt(), "tick", (schedule != null) ? "of schedule " + schedule : null);
		add(timeline, job.runAt(), "due", job.status().equals("delayed") ? "waiting in the delayed set" : null);
		add(timeline, job.claimedAt(), "claimed", "attempt " + job.attempts());
		add(timeline, job.reclaimedAt(), "reclaimed", "returned to pending by a sweep");
		add(timeline, job.lastErrorAt(), "failed", switch (job.status()) {
			case "failed" -> "failed for good";
			case "pending" -> "retried";
			default -> "attempt failed";
		});
		add(timeline, job.completedAt(), job.status().equals("failed") ? "finished" : "completed", null);
		timeline.sort(Comparator.comparingLong(Event::atMs));
		Map<String, String> other = new TreeMap<>(job.fields());
		other.keySet().removeAll(SHOWN_APART);
		return new Job(job.queue(), job.id(), job.status(), job.attempts(), mask(job.payload(), showValues),
				mask(job.result(), showValues), showValues, job.lastError(), job.fields().get("progress"), timeline,
				other);
	}

	private static @Nullable String mask(@Nullable String value, boolean show) {
		return (value == null || show) ? value : HIDDEN;
	}

	private static void add(List<Event> timeline, @Nullable Instant at, String event, @Nullable String detail) {
		if (at != null) {
			timeline.add(new Event(at.toEpochMilli(), event, detail));
		}
	}

	/**
	 * One job as the job page shows it.
	 *
	 * @param queue the queue name
	 * @param id the job id
	 * @param status the stored status
	 * @param attempts claims so far
	 * @param payload the payload JSON, or ****** unless values are shown
	 * @param result the result JSON, or ****** unless values are shown
	 * @param valuesShown whether payload and result are shown
	 * @param lastError the last error text
	 * @param progress the stored progress, for jobs that report one
	 * @param timeline what its hash records of its life, oldest first: the reference
	 * keeps the latest claim, reclaim and error, not each one
	 * @param fields its other fields
	 */
	public record Job(String queue, String id, String status, int attempts, @Nullable String payload,
			@Nullable String result, boolean valuesShown, @Nullable String lastError, @Nullable String progress,
			List<Event> timeline, Map<String, String> fields) {
	}

	/**
	 * One moment of a job's life.
	 *
	 * @param atMs when, epoch ms
	 * @param event what happened
	 * @param detail more about it, or null
	 */
	public record Event(long atMs, String event, @Nullable String detail) {
	}

}
