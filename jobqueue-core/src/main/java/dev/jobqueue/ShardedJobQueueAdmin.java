package dev.jobqueue;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The admin of an application with sharded queues: a call naming a sharded queue acts on
 * all its sub-queues (sums, merged lists, every sub-queue swept, paused or purged), a
 * call by job id on the sub-queue that holds the id; a call naming an ordinary queue or
 * one sub-queue goes to the plain admin unchanged.
 */
final class ShardedJobQueueAdmin implements JobQueueAdmin {

	private final JobQueueAdmin delegate;

	private final QueueShards shards;

	/**
	 * Returns the admin of a set of queues: the delegate itself when no queue is sharded.
	 * @param delegate the admin of the sub-queues and unsharded queues
	 * @param shards the shards of every queue
	 * @return the admin
	 */
	static JobQueueAdmin of(JobQueueAdmin delegate, QueueShards shards) {
		return (shards != QueueShards.none()) ? new ShardedJobQueueAdmin(delegate, shards) : delegate;
	}

	ShardedJobQueueAdmin(JobQueueAdmin delegate, QueueShards shards) {
		this.delegate = delegate;
		this.shards = shards;
	}

	private List<String> subs(String queue) {
		return this.shards.subQueues(queue);
	}

	@Override
	public QueueStats stats(String queue) {
		if (!this.shards.isSharded(queue)) {
			return this.delegate.stats(queue);
		}
		long[] sum = new long[10];
		long visibility = 0;
		for (String sub : subs(queue)) {
			QueueStats s = this.delegate.stats(sub);
			long[] values = { s.enqueuedTotal(), s.completedTotal(), s.failedTotal(), s.retriedTotal(),
					s.reclaimedTotal(), s.pendingDepth(), s.processingDepth(), s.completedDepth(), s.failedDepth(),
					s.delayedDepth() };
			for (int i = 0; i < values.length; i++) {
				sum[i] += values[i];
			}
			visibility = s.visibilityMs();
		}
		return new QueueStats(queue, sum[0], sum[1], sum[2], sum[3], sum[4], sum[5], sum[6], sum[7], sum[8], visibility,
				sum[9]);
	}

	@Override
	public QueueCounters counters(String queue) {
		if (!this.shards.isSharded(queue)) {
			return this.delegate.counters(queue);
		}
		long enqueued = 0;
		long completed = 0;
		long failed = 0;
		long retried = 0;
		long reclaimed = 0;
		for (String sub : subs(queue)) {
			QueueCounters c = this.delegate.counters(sub);
			enqueued += c.enqueued();
			completed += c.completed();
			failed += c.failed();
			retried += c.retried();
			reclaimed += c.reclaimed();
		}
		return new QueueCounters(queue, enqueued, completed, failed, retried, reclaimed);
	}

	/**
	 * Lists up to {@code limit} ids of a sharded queue: each sub-queue's list in turn, so
	 * the order is per sub-queue, not across the queue.
	 */
	@Override
	public List<String> listJobIds(String queue, JobState state, int limit) {
		if (!this.shards.isSharded(queue)) {
			return this.delegate.listJobIds(queue, state, limit);
		}
		List<String> ids = new ArrayList<>();
		for (String sub : subs(queue)) {
			if (ids.size() >= limit) {
				break;
			}
			ids.addAll(this.delegate.listJobIds(sub, state, limit - ids.size()));
		}
		return ids;
	}

	@Override
	public List<JobRecord> listJobs(String queue, JobState state, int limit) {
		if (!this.shards.isSharded(queue)) {
			return this.delegate.listJobs(queue, state, limit);
		}
		List<JobRecord> jobs = new ArrayList<>();
		for (String sub : subs(queue)) {
			if (jobs.size() >= limit) {
				break;
			}
			jobs.addAll(this.delegate.listJobs(sub, state, limit - jobs.size()));
		}
		return jobs;
	}

	@Override
	public boolean retry(String queue, String id) {
		return this.delegate.retry(this.shards.route(queue, id), id);
	}

	@Override
	public long retryFailed(String queue, int max) {
		if (!this.shards.isSharded(queue)) {
			return this.delegate.retryFailed(queue, max);
		}
		long retried = 0;
		for (String sub : subs(queue)) {
			if (retried >= max) {
				break;
			}
			retried += this.delegate.retryFailed(sub, (int) (max - retried));
		}
		return retried;
	}

	@Override
	public boolean delete(String queue, String id) {
		return this.delegate.delete(this.shards.route(queue, id), id);
	}

	@Override
	public boolean runNow(String queue, String id) {
		return this.delegate.runNow(this.shards.route(queue, id), id);
	}

	@Override
	public Optional<Instant> lastScheduleTick(String queue, String schedule) {
		return this.delegate.lastScheduleTick(this.shards.route(queue, schedule), schedule);
	}

	@Override
	public long purge(String queue) {
		long purged = 0;
		for (String sub : subs(queue)) {
			purged += this.delegate.purge(sub);
		}
		return purged;
	}

	@Override
	public ReclaimResult reclaimStuck(String queue) {
		if (!this.shards.isSharded(queue)) {
			return this.delegate.reclaimStuck(queue);
		}
		List<String> reclaimed = new ArrayList<>();
		List<String> failed = new ArrayList<>();
		for (String sub : subs(queue)) {
			ReclaimResult result = this.delegate.reclaimStuck(sub);
			reclaimed.addAll(result.reclaimed());
			failed.addAll(result.failed());
		}
		return new ReclaimResult(queue, reclaimed, failed);
	}

	@Override
	public void pause(String queue) {
		subs(queue).forEach(this.delegate::pause);
	}

	@Override
	public void resume(String queue) {
		subs(queue).forEach(this.delegate::resume);
	}

	/**
	 * Whether a queue is paused; a sharded queue is when any of its sub-queues is.
	 */
	@Override
	public boolean isPaused(String queue) {
		return subs(queue).stream().anyMatch(this.delegate::isPaused);
	}

	@Override
	public FlowStatus flowStatus(String queue) {
		if (!this.shards.isSharded(queue)) {
			return this.delegate.flowStatus(queue);
		}
		boolean paused = false;
		Map<String, Long> levels = new LinkedHashMap<>();
		long groupsWaiting = 0;
		long groupedDepth = 0;
		for (String sub : subs(queue)) {
			FlowStatus status = this.delegate.flowStatus(sub);
			paused |= status.paused();
			status.levelDepths().forEach((level, depth) -> levels.merge(level, depth, Long::sum));
			groupsWaiting += status.groupsWaiting();
			groupedDepth += status.groupedDepth();
		}
		return new FlowStatus(queue, paused, levels, groupsWaiting, groupedDepth);
	}

	@Override
	public QueueSettings settings(String queue) {
		return this.delegate.settings(queue);
	}

}
