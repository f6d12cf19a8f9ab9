package dev.jobqueue;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

/**
 * Turns the claim flow's flat reply into claimed jobs, parsing each payload once and
 * failing for good a job whose payload cannot be read, without dropping the others.
 */
final class ClaimReplies {

	private static final Log logger = LogFactory.getLog(ClaimReplies.class);

	private final JobPayloadConverter converter;

	private final JobWorkerProtocol protocol;

	ClaimReplies(JobPayloadConverter converter, JobWorkerProtocol protocol) {
		this.converter = converter;
		this.protocol = protocol;
	}

	/**
	 * Reads a claim reply: seven values a job (id, token, attempts, payload, enqueued at,
	 * execution timeout in ms, traceparent).
	 * @param queue the queue the jobs were claimed from
	 * @param now the claim's time in epoch milliseconds, as sent to the flow
	 * @param flat the flow's reply
	 * @return the jobs whose payload parsed, in the reply's order
	 */
	List<ClaimedJob> read(String queue, String now, List<Object> flat) {
		Instant claimedAt = Instant.ofEpochMilli(Long.parseLong(now));
		List<ClaimedJob> jobs = new ArrayList<>(flat.size() / 7);
		for (int i = 0; i + 6 < flat.size(); i += 7) {
			long timeoutMillis = ScriptRunner.toLong(flat.get(i + 5));
			String traceparent = (String) flat.get(i + 6);
			ClaimedJob job = new ClaimedJob(queue, (String) flat.get(i), (String) flat.get(i + 1),
					(int) ScriptRunner.toLong(flat.get(i + 2)), (String) flat.get(i + 3),
					JobRecord.instant((String) flat.get(i + 4)), claimedAt, null,
					(timeoutMillis > 0) ? Duration.ofMillis(timeoutMillis) : null,
					(traceparent == null || traceparent.isEmpty()) ? null : traceparent);
			ClaimedJob parsed = parsed(job);
			if (parsed != null) {
				jobs.add(parsed);
			}
		}
		return jobs;
	}

	/**
	 * Parses one claimed job's payload on its own: whatever its parse or its failing
	 * throws, the other jobs of the same claim are still handed out.
	 * @return the job with its payload tree, or null when it was failed for good
	 */
	private @Nullable ClaimedJob parsed(ClaimedJob job) {
		String problem;
		try {
			// the payload's one parse: the worker routes on this tree and converts it
			return job.withPayloadTree(this.converter.readTree(job.payload()));
		}
		catch (JobPayloadException ex) {
			problem = ex.getMessage();
		}
		catch (RuntimeException ex) {
			problem = "Payload could not be read: " + ex;
		}
		logger.warn("Failing job " + job.id() + " of queue '" + job.queue() + "' for good: " + problem);
		try {
			this.protocol.fail(job, String.valueOf(problem), false);
		}
		catch (RuntimeException ex) {
			logger.warn("Could not fail job " + job.id() + " of queue '" + job.queue()
					+ "'; it stays in processing until a sweep returns it", ex);
		}
		return null;
	}

}
