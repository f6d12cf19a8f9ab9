package dev.jobqueue.boot.test;

import dev.jobqueue.JobRecord;

/**
 * Entry points of the AssertJ assertions on jobs.
 */
public final class JobQueueAssertions {

	private JobQueueAssertions() {
	}

	/**
	 * Creates an assertion on a stored job.
	 * @param job the job, for example from {@link JobQueueTester#awaitJob}
	 * @return the assertion
	 */
	public static JobRecordAssert assertThat(JobRecord job) {
		return new JobRecordAssert(job);
	}

	/**
	 * Creates an assertion on a job run inline.
	 * @param result the result of {@link InlineJobRunner#run}
	 * @return the assertion
	 */
	public static InlineJobResultAssert assertThat(InlineJobResult result) {
		return new InlineJobResultAssert(result);
	}

}
