package dev.jobqueue;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.LongAdder;

/**
 * A queue's settings, the key lists of its scripts and this process's counters, computed
 * once per name. The counters only ever grow (a purge leaves them alone), so the meters
 * built on them never go backwards.
 */
final class QueueContext {

	final String name;

	final FlowControl flow;

	final List<String> flowArguments;

	final byte[] readyBytes;

	final QueueSettings settings;

	final QueueKeys keys;

	final String ttlSeconds;

	final String historySize;

	final byte[] pendingBytes;

	final byte[] processingBytes;

	final List<String> enqueueKeys;

	final List<String> claimKeys;

	final List<String> completeKeys;

	final List<String> completeAndClaimKeys;

	final List<String> failKeys;

	final List<String> reclaimKeys;

	final List<String> extendKeys;

	final List<String> purgeKeys;

	final String leaseMillis;

	final List<String> releaseKeys;

	final List<String> retryKeys;

	final List<String> deleteKeys;

	final List<String> scheduledEnqueueKeys;

	final List<String> promoteKeys;

	final List<String> runNowKeys;

	final List<String> depthKeys;

	final List<String> cancelKeys;

	final List<String> dedupKeys;

	final List<String> progressKeys;

	final LongAdder enqueued = new LongAdder();

	final LongAdder completed = new LongAdder();

	final LongAdder failed = new LongAdder();

	final LongAdder retried = new LongAdder();

	final LongAdder reclaimed = new LongAdder();

	QueueContext(QueueSettings settings) {
		this(settings, FlowControl.defaults());
	}

	QueueContext(QueueSettings settings, FlowControl flow) {
		this.name = settings.name();
		this.flow = flow;
		this.flowArguments = flow.claimArguments();
		this.settings = settings;
		this.keys = settings.keys();
		this.ttlSeconds = String.valueOf(settings.finishedTtl().toSeconds());
		this.historySize = String.valueOf(settings.historySize());
		this.pendingBytes = this.keys.pending().getBytes(StandardCharsets.UTF_8);
		this.readyBytes = this.keys.ready().getBytes(StandardCharsets.UTF_8);
		this.processingBytes = this.keys.processing().getBytes(StandardCharsets.UTF_8);
		this.enqueueKeys = List.of(this.keys.jobPrefix(), this.keys.pending());
		this.leaseMillis = String.valueOf(settings.visibilityTimeout().toMillis());
		this.claimKeys = List.of(this.keys.pending(), this.keys.processing(), this.keys.jobPrefix(), this.keys.failed(),
				this.keys.leases());
		this.completeKeys = List.of(this.keys.jobPrefix(), this.keys.processing(), this.keys.completed(),
				this.keys.leases());
		this.completeAndClaimKeys = List.of(this.keys.pending(), this.keys.processing(), this.keys.jobPrefix(),
				this.keys.failed(), this.keys.completed(), this.keys.leases());
		this.failKeys = List.of(this.keys.jobPrefix(), this.keys.processing(), this.keys.pending(), this.keys.failed(),
				this.keys.leases(), this.keys.delayed());
		this.reclaimKeys = List.of(this.keys.pending(), this.keys.processing(), this.keys.jobPrefix(),
				this.keys.failed(), this.keys.leases());
		this.extendKeys = List.of(this.keys.jobPrefix(), this.keys.leases());
		this.releaseKeys = List.of(this.keys.jobPrefix(), this.keys.processing(), this.keys.pending(),
				this.keys.leases());
		this.retryKeys = List.of(this.keys.jobPrefix(), this.keys.failed(), this.keys.pending());
		this.deleteKeys = List.of(this.keys.jobPrefix(), this.keys.pending(), this.keys.processing(),
				this.keys.completed(), this.keys.failed(), this.keys.leases(), this.keys.delayed(),
				this.keys.cancelled());
		List<String> purge = new ArrayList<>(this.keys.lists());
		purge.add(this.keys.leases());
		purge.add(this.keys.sweepCursor());
		purge.add(this.keys.settings());
		purge.add(this.keys.delayed());
		for (String level : flow.priorities()) {
			if (!JobOptions.NORMAL.equals(level)) {
				purge.add(this.keys.level(level));
			}
		}
		purge.add(this.keys.groups());
		purge.add(this.keys.rate());
		purge.add(this.keys.cancelled());
		this.purgeKeys = List.copyOf(purge);
		this.scheduledEnqueueKeys = List.of(this.keys.jobPrefix(), this.keys.pending(), this.keys.delayed());
		this.promoteKeys = List.of(this.keys.delayed(), this.keys.pending(), this.keys.jobPrefix(), this.keys.failed());
		this.runNowKeys = List.of(this.keys.delayed(), this.keys.pending(), this.keys.jobPrefix());
		this.cancelKeys = List.of(this.keys.jobPrefix(), this.keys.pending(), this.keys.processing(),
				this.keys.delayed(), this.keys.leases(), this.keys.cancelled());
		this.progressKeys = List.of(this.keys.jobPrefix());
		this.dedupKeys = List.of(this.keys.jobPrefix(), this.keys.pending(), this.keys.delayed());
		this.depthKeys = List.of(this.keys.pending(), this.keys.processing(), this.keys.completed(), this.keys.failed(),
				this.keys.delayed());
	}

	QueueCounters counters() {
		return new QueueCounters(this.name, this.enqueued.sum(), this.completed.sum(), this.failed.sum(),
				this.retried.sum(), this.reclaimed.sum());
	}

}
