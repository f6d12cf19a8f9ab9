package dev.jobqueue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

import org.springframework.core.io.ClassPathResource;
import org.springframework.data.redis.core.script.RedisScript;

/**
 * One typed {@link RedisScript} per Lua flow, loaded from {@code dev/jobqueue/lua/}. Each
 * script is the shared {@code common.lua} followed by the flow's own file. Calls go
 * through {@code RedisTemplate.execute}, which sends EVALSHA and falls back to EVAL on
 * NOSCRIPT.
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

	private final RedisScript<List<Object>> releaseJobs;

	private final RedisScript<Long> retryJob;

	private final RedisScript<Long> deleteJob;

	private final RedisScript<List<Object>> enqueueScheduledJobs;

	private final RedisScript<List<Object>> promoteDelayedJobs;

	private final RedisScript<Long> runDelayedJob;

	private final RedisScript<Long> enqueueScheduleTick;

	/**
	 * Loads every script from the class path.
	 * @throws IllegalStateException if a script file is missing
	 */
	JobQueueScripts() {
		String common = read("common.lua");
		this.enqueueJobs = list(common, "enqueue_jobs.lua");
		this.claimJobs = list(common, "claim_jobs.lua");
		this.completeJob = RedisScript.of(common + read("complete_job.lua"), Long.class);
		this.completeAndClaimJobs = list(common, "complete_and_claim_jobs.lua");
		this.failJob = RedisScript.of(common + read("fail_job.lua"), Long.class);
		this.reclaimStuckJobs = list(common, "reclaim_stuck_jobs.lua");
		this.extendLeases = list(common, "extend_leases.lua");
		this.queueDepths = list(common, "queue_depths.lua");
		this.releaseJobs = list(common, "release_jobs.lua");
		this.retryJob = RedisScript.of(common + read("retry_job.lua"), Long.class);
		this.deleteJob = RedisScript.of(common + read("delete_job.lua"), Long.class);
		this.enqueueScheduledJobs = list(common, "enqueue_scheduled_jobs.lua");
		this.promoteDelayedJobs = list(common, "promote_delayed_jobs.lua");
		this.runDelayedJob = RedisScript.of(common + read("run_delayed_job.lua"), Long.class);
		this.enqueueScheduleTick = RedisScript.of(common + read("enqueue_schedule_tick.lua"), Long.class);
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
	 * @return every script, for preloading with SCRIPT LOAD
	 */
	List<RedisScript<?>> all() {
		return List.of(this.enqueueJobs, this.claimJobs, this.completeJob, this.completeAndClaimJobs, this.failJob,
				this.reclaimStuckJobs, this.extendLeases, this.queueDepths, this.releaseJobs, this.retryJob,
				this.deleteJob, this.enqueueScheduledJobs, this.promoteDelayedJobs, this.runDelayedJob,
				this.enqueueScheduleTick);
	}

	@SuppressWarnings({ "unchecked", "rawtypes" })
	private static RedisScript<List<Object>> list(String common, String file) {
		return (RedisScript) RedisScript.of(common + read(file), List.class);
	}

	private static String read(String file) {
		ClassPathResource resource = new ClassPathResource("dev/jobqueue/lua/" + file);
		try (InputStream in = resource.getInputStream()) {
			return new String(in.readAllBytes(), StandardCharsets.UTF_8);
		}
		catch (IOException ex) {
			throw new IllegalStateException("Cannot read Lua script " + resource.getPath(), ex);
		}
	}

}
