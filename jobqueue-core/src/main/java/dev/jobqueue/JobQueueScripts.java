package dev.jobqueue;

import java.util.List;

import org.springframework.data.redis.core.script.RedisScript;

/**
 * One typed {@link RedisScript} per Lua flow, loaded from {@code dev/jobqueue/lua/} with
 * the helpers each flow file includes from {@code lua/includes/} ({@link LuaIncludes}).
 * Calls go through {@code RedisTemplate.execute}, which sends EVALSHA and falls back to
 * EVAL on NOSCRIPT.
 */
final class JobQueueScripts {

	private final RedisScript<List<Object>> enqueueJobs;

	private final RedisScript<List<Object>> claimJobs;

	private final RedisScript<Long> completeJob;

	private final RedisScript<List<Object>> completeAndClaimJobs;

	private final RedisScript<Long> failJob;

	private final RedisScript<List<Object>> reclaimStuckJobs;

	private final RedisScript<List<Object>> extendLeases;

	private final RedisScript<List<Object>> queueDepths;

	private final RedisScript<List<Object>> listJobs;

	private final RedisScript<List<Object>> releaseJobs;

	private final RedisScript<Long> retryJob;

	private final RedisScript<Long> deleteJob;

	private final RedisScript<List<Object>> retryFailedJobs;

	private final RedisScript<List<Object>> enqueueScheduledJobs;

	private final RedisScript<List<Object>> promoteDelayedJobs;

	private final RedisScript<Long> runDelayedJob;

	private final RedisScript<Long> enqueueScheduleTick;

	private final RedisScript<List<Object>> flowStatus;

	private final RedisScript<List<Object>> cancelJob;

	private final RedisScript<Long> reportProgress;

	private final RedisScript<List<Object>> enqueueDedupJob;

	/**
	 * Loads every script from the class path.
	 * @throws IllegalStateException if a script file is missing
	 */
	JobQueueScripts() {
		LuaIncludes lua = new LuaIncludes("dev/jobqueue/lua");
		this.enqueueJobs = list(lua, "enqueue_jobs.lua");
		this.claimJobs = list(lua, "claim_jobs.lua");
		this.completeJob = RedisScript.of(lua.assemble("complete_job.lua"), Long.class);
		this.completeAndClaimJobs = list(lua, "complete_and_claim_jobs.lua");
		this.failJob = RedisScript.of(lua.assemble("fail_job.lua"), Long.class);
		this.reclaimStuckJobs = list(lua, "reclaim_stuck_jobs.lua");
		this.extendLeases = list(lua, "extend_leases.lua");
		this.queueDepths = list(lua, "queue_depths.lua");
		this.listJobs = list(lua, "list_jobs.lua");
		this.releaseJobs = list(lua, "release_jobs.lua");
		this.retryJob = RedisScript.of(lua.assemble("retry_job.lua"), Long.class);
		this.deleteJob = RedisScript.of(lua.assemble("delete_job.lua"), Long.class);
		this.retryFailedJobs = list(lua, "retry_failed_jobs.lua");
		this.enqueueScheduledJobs = list(lua, "enqueue_scheduled_jobs.lua");
		this.promoteDelayedJobs = list(lua, "promote_delayed_jobs.lua");
		this.runDelayedJob = RedisScript.of(lua.assemble("run_delayed_job.lua"), Long.class);
		this.enqueueScheduleTick = RedisScript.of(lua.assemble("enqueue_schedule_tick.lua"), Long.class);
		this.flowStatus = list(lua, "flow_status.lua");
		this.cancelJob = list(lua, "cancel_job.lua");
		this.reportProgress = RedisScript.of(lua.assemble("report_progress.lua"), Long.class);
		this.enqueueDedupJob = list(lua, "enqueue_dedup_job.lua");
	}

	/**
	 * @return the script that writes new jobs
	 */
	RedisScript<List<Object>> enqueueJobs() {
		return this.enqueueJobs;
	}

	/**
	 * @return the script that claims pending jobs
	 */
	RedisScript<List<Object>> claimJobs() {
		return this.claimJobs;
	}

	/**
	 * @return the script that completes a job
	 */
	RedisScript<Long> completeJob() {
		return this.completeJob;
	}

	/**
	 * @return the script that completes finished jobs and claims pending ones in one call
	 */
	RedisScript<List<Object>> completeAndClaimJobs() {
		return this.completeAndClaimJobs;
	}

	/**
	 * @return the script that fails or retries a job
	 */
	RedisScript<Long> failJob() {
		return this.failJob;
	}

	/**
	 * @return the sweep that returns stale jobs to pending
	 */
	RedisScript<List<Object>> reclaimStuckJobs() {
		return this.reclaimStuckJobs;
	}

	/**
	 * @return the script that extends the claims of running jobs
	 */
	RedisScript<List<Object>> extendLeases() {
		return this.extendLeases;
	}

	/**
	 * @return the script that reads the four list lengths and the delayed set's size
	 */
	RedisScript<List<Object>> queueDepths() {
		return this.queueDepths;
	}

	/**
	 * @return the script that reads a range of a list with each job's hash
	 */
	RedisScript<List<Object>> listJobs() {
		return this.listJobs;
	}

	/**
	 * @return the script that hands unfinished jobs back to pending at shutdown
	 */
	RedisScript<List<Object>> releaseJobs() {
		return this.releaseJobs;
	}

	/**
	 * @return the script that sends a job that failed for good back to pending
	 */
	RedisScript<Long> retryJob() {
		return this.retryJob;
	}

	/**
	 * @return the script that deletes one job
	 */
	RedisScript<List<Object>> retryFailedJobs() {
		return this.retryFailedJobs;
	}

	RedisScript<Long> deleteJob() {
		return this.deleteJob;
	}

	/**
	 * @return the script that writes new jobs with options, delayed or not
	 */
	public RedisScript<List<Object>> enqueueScheduledJobs() {
		return this.enqueueScheduledJobs;
	}

	/**
	 * @return the script that moves due delayed jobs to pending
	 */
	public RedisScript<List<Object>> promoteDelayedJobs() {
		return this.promoteDelayedJobs;
	}

	/**
	 * @return the script that moves one delayed job to pending at once
	 */
	public RedisScript<Long> runDelayedJob() {
		return this.runDelayedJob;
	}

	/**
	 * @return the script that enqueues one tick of a recurring schedule at most once
	 */
	public RedisScript<Long> enqueueScheduleTick() {
		return this.enqueueScheduleTick;
	}

	/**
	 * @return the script that reads a queue's pause state, level depths and groups
	 */
	RedisScript<List<Object>> flowStatus() {
		return this.flowStatus;
	}

	/**
	 * @return the script that cancels a pending, delayed or running job
	 */
	RedisScript<List<Object>> cancelJob() {
		return this.cancelJob;
	}

	/**
	 * @return the script that records a running job's progress
	 */
	RedisScript<Long> reportProgress() {
		return this.reportProgress;
	}

	/**
	 * @return the script that enqueues a job under a deduplication mode
	 */
	RedisScript<List<Object>> enqueueDedupJob() {
		return this.enqueueDedupJob;
	}

	/**
	 * @return every script, for preloading with SCRIPT LOAD
	 */
	List<RedisScript<?>> all() {
		return List.of(this.enqueueJobs, this.claimJobs, this.completeJob, this.completeAndClaimJobs, this.failJob,
				this.reclaimStuckJobs, this.extendLeases, this.queueDepths, this.listJobs, this.releaseJobs,
				this.retryJob, this.retryFailedJobs, this.deleteJob, this.enqueueScheduledJobs, this.promoteDelayedJobs,
				this.runDelayedJob, this.enqueueScheduleTick, this.flowStatus, this.cancelJob, this.reportProgress,
				this.enqueueDedupJob);
	}

	@SuppressWarnings({ "unchecked", "rawtypes" })
	private static RedisScript<List<Object>> list(LuaIncludes lua, String file) {
		return (RedisScript) RedisScript.of(lua.assemble(file), List.class);
	}

}
