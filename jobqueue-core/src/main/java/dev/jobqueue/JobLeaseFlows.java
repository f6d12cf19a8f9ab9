package dev.jobqueue;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

import org.springframework.util.Assert;

/**
 * The lease flows of {@link DefaultJobWorkerProtocol}, off the job path: extending the
 * leases of claimed jobs while their handlers run, and releasing jobs a stopping worker
 * hands back. Both check each job's claim token.
 */
final class JobLeaseFlows {

	private final ScriptRunner runner;

	private final QueueContexts queues;

	JobLeaseFlows(ScriptRunner runner, QueueContexts queues) {
		this.runner = runner;
		this.queues = queues;
	}

	/**
	 * Extends the leases of jobs of one queue.
	 * @return the jobs whose claim is lost
	 */
	List<ClaimedJob> extend(Collection<ClaimedJob> jobs) {
		return tokenChecked("extend lease", jobs, true);
	}

	/**
	 * Releases jobs of one queue back to pending.
	 * @return the jobs released
	 */
	List<ClaimedJob> release(Collection<ClaimedJob> jobs) {
		return tokenChecked("release", jobs, false);
	}

	/**
	 * Runs the lease or the release flow on jobs of one queue.
	 * @return for a lease, the jobs whose claim is lost; for a release, the jobs released
	 */
	private List<ClaimedJob> tokenChecked(String operation, Collection<ClaimedJob> jobs, boolean lease) {
		if (jobs.isEmpty()) {
			return List.of();
		}
		List<ClaimedJob> list = List.copyOf(jobs);
		QueueContext q = this.queues.forWork(list.get(0).queue());
		List<String> args = new ArrayList<>(2 + 2 * list.size());
		if (lease) {
			args.add(this.runner.now());
			args.add(q.leaseMillis);
		}
		for (ClaimedJob job : list) {
			Assert.isTrue(job.queue().equals(q.name), "jobs must all belong to one queue");
			args.add(job.id());
			args.add(job.claimToken());
		}
		List<Object> flags = lease
				? this.runner.run(operation, q, this.runner.scripts.extendLeases(), q.extendKeys, args)
				: this.runner.run(operation, q, this.runner.scripts.releaseJobs(), q.releaseKeys, args);
		List<ClaimedJob> selected = new ArrayList<>();
		for (int i = 0; i < list.size(); i++) {
			boolean held = i < flags.size() && ScriptRunner.toLong(flags.get(i)) == 1;
			// a lease reports the jobs it could not extend, a release the jobs it
			// released
			if (held != lease) {
				selected.add(list.get(i));
			}
		}
		return selected;
	}

}
