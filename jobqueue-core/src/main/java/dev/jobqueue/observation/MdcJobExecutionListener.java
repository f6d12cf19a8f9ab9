package dev.jobqueue.observation;

import java.time.Duration;

import dev.jobqueue.ClaimedJob;
import dev.jobqueue.worker.JobExecutionListener;
import dev.jobqueue.worker.JobOutcome;
import org.slf4j.MDC;

/**
 * Puts the queue and id of the job a worker thread runs into the SLF4J {@link MDC}, under
 * {@value #QUEUE_KEY} and {@value #JOB_ID_KEY}, from just before its handler is called to
 * its recorded outcome, so every line the handler and the worker log names its job.
 */
public final class MdcJobExecutionListener implements JobExecutionListener {

	/**
	 * The MDC key of the queue name.
	 */
	public static final String QUEUE_KEY = "jobqueue.queue";

	/**
	 * The MDC key of the job id.
	 */
	public static final String JOB_ID_KEY = "jobqueue.jobId";

	@Override
	public void jobStarted(ClaimedJob job) {
		MDC.put(QUEUE_KEY, job.queue());
		MDC.put(JOB_ID_KEY, job.id());
	}

	@Override
	public void jobFinished(ClaimedJob job, JobOutcome outcome, Duration executionTime) {
		MDC.remove(QUEUE_KEY);
		MDC.remove(JOB_ID_KEY);
	}

}
