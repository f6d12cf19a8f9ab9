package dev.jobqueue.worker;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import dev.jobqueue.ClaimedJob;
import dev.jobqueue.JobWorkerProtocol;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

/**
 * Extends the claims of one queue's running jobs in one round trip, run every third of
 * the visibility timeout, so a sweep never hands a live worker's job to another. A job
 * whose claim is found gone is marked lost, so its late outcome is expected to be
 * rejected.
 */
final class JobLeaseExtender implements Runnable {

	private static final Log logger = LogFactory.getLog(JobLeaseExtender.class);

	private final String queue;

	private final JobWorkerProtocol operations;

	private final Map<String, InFlightJob> inFlight;

	private final RedisOutageLog outage;

	JobLeaseExtender(String queue, JobWorkerProtocol operations, Map<String, InFlightJob> inFlight) {
		this.queue = queue;
		this.operations = operations;
		this.inFlight = inFlight;
		this.outage = new RedisOutageLog(logger, "Extending the claims of running jobs of queue '" + queue + "'");
	}

	@Override
	public void run() {
		if (this.inFlight.isEmpty()) {
			return;
		}
		List<ClaimedJob> jobs = new ArrayList<>(this.inFlight.size());
		for (InFlightJob entry : this.inFlight.values()) {
			JobControl control = entry.control;
			if (control != null) {
				control.flush();
			}
			if (!entry.lost && !entry.finishing) {
				jobs.add(entry.job);
			}
		}
		try {
			for (ClaimedJob lost : this.operations.extendLeases(jobs)) {
				InFlightJob entry = this.inFlight.get(lost.id());
				if (entry != null && !entry.lost && !entry.finishing) {
					entry.lost = true;
					logger.warn("Job " + lost.id() + " of queue '" + this.queue + "' is no longer held by its worker "
							+ "(reclaimed, deleted or purged); its late outcome will be rejected");
				}
			}
			this.outage.succeeded();
		}
		catch (RuntimeException ex) {
			this.outage.failed(ex, "trying again at the next extension");
		}
	}

}
