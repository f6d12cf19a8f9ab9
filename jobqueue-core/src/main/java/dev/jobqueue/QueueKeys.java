package dev.jobqueue;

import java.util.List;

/**
 * Every Redis key name of one queue, in one place. The default layout is the reference's
 * ({@code queue:Q:pending}); the hash-tagged layout ({@code queue:{Q}:pending}) puts all
 * keys of a queue in one Redis Cluster slot so its scripts never cross slots.
 *
 * @param prefix the first key segment
 * @param name the queue name
 * @param hashTagged whether the name is wrapped in braces
 */
public record QueueKeys(String prefix, String name, boolean hashTagged) {

	private String base() {
		return this.prefix + ":" + (this.hashTagged ? "{" + this.name + "}" : this.name) + ":";
	}

	/**
	 * @return the list of waiting ids, newest at the left
	 */
	public String pending() {
		return base() + "pending";
	}

	/**
	 * @return the list of claimed ids, newest claim at the left
	 */
	public String processing() {
		return base() + "processing";
	}

	/**
	 * @return the capped list of recently completed ids
	 */
	public String completed() {
		return base() + "completed";
	}

	/**
	 * @return the capped list of ids that failed for good
	 */
	public String failed() {
		return base() + "failed";
	}

	/**
	 * @return the prefix of every job hash; the id is appended to it
	 */
	public String jobPrefix() {
		return base() + "job:";
	}

	/**
	 * Returns the key of one job's hash.
	 * @param id the job id
	 * @return the key
	 */
	public String job(String id) {
		return jobPrefix() + id;
	}

	/**
	 * @return the sorted set of lease deadlines of the jobs jobqueue claimed (member: id,
	 * score: epoch milliseconds); written at claim and extension, removed when the job
	 * leaves processing. The reference helpers have no such key.
	 */
	public String leases() {
		return base() + "leases";
	}

	/**
	 * @return the string holding where the sweep's window of the processing list starts,
	 * counted from its oldest (right) end; absent while that is 0. Written by the sweep
	 * only while processing is longer than its window. The reference helpers have no such
	 * key.
	 */
	public String sweepCursor() {
		return base() + "sweep-cursor";
	}

	/**
	 * @return the small hash where each instance that works the queue publishes the
	 * settings instances should agree on (visibility timeout, max attempts, finished TTL,
	 * history size, and which instance wrote them). The reference helpers have no such
	 * key.
	 */
	public String settings() {
		return base() + "settings";
	}

	/**
	 * @return the pub/sub channel of completed, retry and failed events (not a key)
	 */
	public String events() {
		return base() + "events";
	}

	/**
	 * @return the sorted set of delayed jobs and retries waiting for their backoff,
	 * scored by due time in epoch milliseconds; it exists only while such jobs wait
	 */
	public String delayed() {
		return base() + "delayed";
	}

	/**
	 * @return the capped list of recently cancelled ids, newest at the left; jobqueue
	 * only, it exists once a job was cancelled
	 */
	public String cancelled() {
		return base() + "cancelled";
	}

	/**
	 * @return the pub/sub channel (not a key) on which a cancel names a running job's id,
	 * so the worker running it stops; jobqueue only
	 */
	public String cancelChannel() {
		return base() + "cancel";
	}

	/**
	 * @return the pub/sub channel (not a key) of progress reports of running jobs;
	 * jobqueue only
	 */
	public String progressChannel() {
		return base() + "progress";
	}

	/**
	 * @return the pub/sub channel (not a key) on which an enqueue announces a delayed job
	 * due sooner than any other, so promoters waiting for a later time wake up
	 */
	public String wake() {
		return base() + "wake";
	}

	/**
	 * Returns the hash of one recurring schedule on this queue: its last enqueued tick.
	 * @param schedule the schedule name
	 * @return the key
	 */
	public String schedule(String schedule) {
		return base() + "schedule:" + schedule;
	}

	/**
	 * Returns the key of one minute's fleet-wide counters (a hash of {@code completed},
	 * {@code failed}, {@code retried} and {@code reclaimed}, kept for a day), written
	 * only when per-minute counters are switched on.
	 * @param epochMinute the minute, as epoch milliseconds divided by 60,000
	 * @return the key
	 */
	public String counts(long epochMinute) {
		return base() + "counts:" + epochMinute;
	}

	/**
	 * @return the sorted set of application instances working the queue, scored by when
	 * their heartbeat expires (epoch milliseconds)
	 */
	public String instances() {
		return base() + "instances";
	}

	/**
	 * @return the hash of those instances' descriptions (JSON), by instance id
	 */
	public String instanceInfo() {
		return base() + "instance-info";
	}

	/**
	 * Returns the list of a priority level's waiting ids: {@link #pending()} itself for
	 * the normal level, {@code queue:Q:pending:<level>} for another.
	 * @param level the level name
	 * @return the key
	 */
	public String level(String level) {
		return JobOptions.NORMAL.equals(level) ? pending() : pending() + ":" + level;
	}

	/**
	 * Returns the list of one group's waiting ids, newest at the left.
	 * @param group the group key
	 * @return the key
	 */
	public String groupPending(String group) {
		return base() + "group-pending:" + group;
	}

	/**
	 * Returns the set of one group's claimed ids that may still be processing, for the
	 * per-group concurrency limit.
	 * @param group the group key
	 * @return the key
	 */
	public String groupActive(String group) {
		return base() + "group-active:" + group;
	}

	/**
	 * @return the rotation list of the groups with waiting jobs ({@code ""} stands for
	 * the ungrouped pending list)
	 */
	public String groups() {
		return base() + "groups";
	}

	/**
	 * @return the sorted set of the rate limit's recent job starts (member: claim token,
	 * score: epoch milliseconds), kept for one period
	 */
	public String rate() {
		return base() + "rate";
	}

	/**
	 * @return the pub/sub channel (not a key) on which jobs that wait outside pending,
	 * and a resume, wake the blocking claims
	 */
	public String ready() {
		return base() + "ready";
	}

	/**
	 * @return the four lists, in the order pending, processing, completed, failed
	 */
	public List<String> lists() {
		return List.of(pending(), processing(), completed(), failed());
	}

}
