package dev.jobqueue.boot.test;

import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import dev.jobqueue.ClaimedJob;
import dev.jobqueue.JobQueueOperations;
import dev.jobqueue.JobRecord;
import dev.jobqueue.JobState;
import dev.jobqueue.worker.JobExecutionListener;
import dev.jobqueue.worker.JobOutcome;

import org.springframework.util.Assert;

/**
 * Waits, with a bound, for jobs to finish in integration tests: a job by id (read from
 * Redis, so it may run in any process), or the next job of a queue that this
 * application's workers finish. A bean of this type is auto-configured in tests that have
 * {@code jobqueue-spring-boot-test} on the class path; it listens to the workers as a
 * {@link JobExecutionListener} and forgets what it saw before each test method.
 *
 * <pre class="code">
 * JobRecord job = tester.awaitJob("emails", id);
 * JobQueueAssertions.assertThat(job).isCompleted().result(Map.class).isEqualTo(Map.of("sentTo", "ada@example.com"));
 * </pre>
 */
public final class JobQueueTester implements JobExecutionListener {

	/** How long the methods without a timeout wait. */
	public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(30);

	private static final long MAX_POLL_MILLIS = 100;

	private final JobQueueOperations operations;

	private final Duration timeout;

	private final Map<String, BlockingQueue<String>> finished;

	/**
	 * Creates a tester that reads jobs through the given operations.
	 * @param operations the application's queue operations
	 */
	public JobQueueTester(JobQueueOperations operations) {
		this(operations, DEFAULT_TIMEOUT, new ConcurrentHashMap<>());
	}

	private JobQueueTester(JobQueueOperations operations, Duration timeout,
			Map<String, BlockingQueue<String>> finished) {
		Assert.notNull(operations, "operations must not be null");
		this.operations = operations;
		this.timeout = timeout;
		this.finished = finished;
	}

	/**
	 * Returns a tester that waits at most the given time (sharing what this one has
	 * seen).
	 * @param timeout the bound of every wait
	 * @return the tester
	 */
	public JobQueueTester withTimeout(Duration timeout) {
		Assert.isTrue(timeout != null && !timeout.isNegative() && !timeout.isZero(), "timeout must be positive");
		return new JobQueueTester(this.operations, timeout, this.finished);
	}

	/**
	 * Waits until a job is finished: completed, or failed for good.
	 * @param queue the queue name
	 * @param id the job id
	 * @return the job as stored once finished
	 * @throws AssertionError if it is not finished within the timeout, naming its last
	 * state
	 */
	public JobRecord awaitJob(String queue, String id) {
		return awaitJob(queue, id, JobState.COMPLETED, JobState.FAILED);
	}

	/**
	 * Waits until a job is in one of the given states.
	 * @param queue the queue name
	 * @param id the job id
	 * @param states the states to wait for
	 * @return the job as stored in one of them
	 * @throws AssertionError if it does not get there within the timeout
	 */
	public JobRecord awaitJob(String queue, String id, JobState... states) {
		Assert.hasText(queue, "queue must not be blank");
		Assert.hasText(id, "id must not be blank");
		Assert.notEmpty(states, "states must not be empty");
		long deadline = System.nanoTime() + this.timeout.toNanos();
		long pause = 5;
		JobRecord last = null;
		while (true) {
			Optional<JobRecord> job = this.operations.getJob(queue, id);
			if (job.isPresent()) {
				last = job.get();
				for (JobState state : states) {
					if (state == last.state()) {
						return last;
					}
				}
			}
			if (System.nanoTime() - deadline >= 0) {
				throw new AssertionError("Job " + id + " of queue '" + queue + "' did not reach "
						+ Arrays.toString(states) + " within " + this.timeout + "; "
						+ ((last != null)
								? "it is " + last.status() + " after " + last.attempts() + " attempt(s)"
										+ ((last.lastError() != null) ? ", last error: " + last.lastError() : "")
								: "no such job"));
			}
			sleep(pause);
			pause = Math.min(pause * 2, MAX_POLL_MILLIS);
		}
	}

	/**
	 * Waits for the next job of a queue that a worker of this application finishes
	 * (completes, or fails for good), counting from the start of the test method (or the
	 * last {@link #clear()}), and returns it as stored. Retried attempts are not
	 * finishes.
	 * @param queue the queue name
	 * @return the job
	 * @throws AssertionError if no job of the queue finishes within the timeout
	 */
	public JobRecord awaitNextJob(String queue) {
		Assert.hasText(queue, "queue must not be blank");
		String id;
		try {
			id = finishedOf(queue).poll(this.timeout.toMillis(), TimeUnit.MILLISECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new AssertionError("Interrupted while waiting for a job of queue '" + queue + "'", ex);
		}
		if (id == null) {
			throw new AssertionError("No job of queue '" + queue + "' finished within " + this.timeout
					+ " (is a @JobHandler of the queue running in this application?)");
		}
		return this.operations.getJob(queue, id)
			.orElseThrow(() -> new AssertionError(
					"Job " + id + " of queue '" + queue + "' finished, but its hash is gone (deleted or expired)"));
	}

	/**
	 * Forgets the jobs finished so far, so that {@link #awaitNextJob} waits for a new
	 * one.
	 */
	public void clear() {
		this.finished.values().forEach(BlockingQueue::clear);
	}

	@Override
	public void jobFinished(ClaimedJob job, JobOutcome outcome, Duration executionTime) {
		if (outcome == JobOutcome.COMPLETED || outcome == JobOutcome.FAILED) {
			finishedOf(job.queue()).add(job.id());
		}
	}

	private BlockingQueue<String> finishedOf(String queue) {
		return this.finished.computeIfAbsent(queue, (name) -> new LinkedBlockingQueue<>());
	}

	private static void sleep(long millis) {
		try {
			Thread.sleep(millis);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new AssertionError("Interrupted while waiting for a job", ex);
		}
	}

	@Override
	public String toString() {
		return "JobQueueTester[timeout=" + this.timeout + "]";
	}

}
