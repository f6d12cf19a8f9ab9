package dev.jobqueue.sample;

import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

import dev.jobqueue.ReclaimResult;
import dev.jobqueue.worker.JobsReclaimedEvent;

import org.springframework.context.event.EventListener;

/**
 * The last sweeps that returned or failed jobs, automatic (the starter's reclaimer, heard
 * through its {@link JobsReclaimedEvent}) or from the page's button, so the page can show
 * when the reclaimer acted.
 */
final class ReclaimLog {

	static final int CAPACITY = 20;

	/**
	 * One sweep that changed something.
	 *
	 * @param at when it ran
	 * @param source {@code automatic} for the starter's reclaimer, {@code manual} for the
	 * button
	 * @param reclaimed ids returned to pending
	 * @param failed ids failed for good because their last attempt went stale
	 */
	record Sweep(Instant at, String source, List<String> reclaimed, List<String> failed) {
	}

	private final Deque<Sweep> sweeps = new ArrayDeque<>();

	private final String queue;

	private long automaticReclaimed;

	ReclaimLog(String queue) {
		this.queue = queue;
	}

	@EventListener
	void onSweep(JobsReclaimedEvent event) {
		if (this.queue.equals(event.getQueue())) {
			record("automatic", event.getResult(), Instant.ofEpochMilli(event.getTimestamp()));
		}
	}

	synchronized void record(String source, ReclaimResult result, Instant at) {
		if (result.isEmpty()) {
			return;
		}
		if ("automatic".equals(source)) {
			this.automaticReclaimed += result.reclaimed().size();
		}
		this.sweeps.addFirst(new Sweep(at, source, result.reclaimed(), result.failed()));
		while (this.sweeps.size() > CAPACITY) {
			this.sweeps.removeLast();
		}
	}

	synchronized List<Sweep> recent() {
		return new ArrayList<>(this.sweeps);
	}

	synchronized long automaticReclaimed() {
		return this.automaticReclaimed;
	}

	synchronized void clear() {
		this.sweeps.clear();
		this.automaticReclaimed = 0;
	}

}
