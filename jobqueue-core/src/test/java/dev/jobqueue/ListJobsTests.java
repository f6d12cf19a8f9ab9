package dev.jobqueue;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * Tests of {@code list_jobs.lua} through {@link JobQueueAdmin#listJobs}: a list's jobs
 * with their fields in one script call.
 */
class ListJobsTests extends AbstractRedisTests {

	@Test
	void pendingJobsComeOldestFirstWithTheirFields() {
		List<String> ids = this.jobs.enqueueAll(this.queue, List.of(Map.of("n", 1), Map.of("n", 2), Map.of("n", 3)));
		List<JobRecord> pending = this.admin.listJobs(this.queue, JobState.PENDING, 2);
		assertThat(pending).extracting(JobRecord::id).containsExactly(ids.get(0), ids.get(1));
		assertThat(pending.get(0).status()).isEqualTo("pending");
		assertThat(pending.get(0).payload()).isEqualTo("{\"n\":1}");
		assertThat(pending).isEqualTo(List.of(this.jobs.getJob(this.queue, ids.get(0)).orElseThrow(),
				this.jobs.getJob(this.queue, ids.get(1)).orElseThrow()));
	}

	@Test
	void otherListsComeNewestFirstAsListJobIds() {
		this.jobs.enqueueAll(this.queue, List.of(1, 2, 3));
		for (int i = 0; i < 3; i++) {
			this.worker.complete(this.worker.claimAvailable(this.queue, 1).get(0), i);
		}
		List<JobRecord> completed = this.admin.listJobs(this.queue, JobState.COMPLETED, 10);
		assertThat(completed).extracting(JobRecord::id)
			.containsExactlyElementsOf(this.admin.listJobIds(this.queue, JobState.COMPLETED, 10));
		assertThat(completed).extracting(JobRecord::status).containsOnly("completed");
		assertThat(completed.get(0).result()).isEqualTo("2");
	}

	@Test
	void delayedJobsComeEarliestDueFirstFromTheSortedSet() {
		String later = this.jobs.enqueue(this.queue, 1, JobOptions.delay(Duration.ofHours(2)));
		String sooner = this.jobs.enqueue(this.queue, 2, JobOptions.delay(Duration.ofHours(1)));
		assertThat(this.admin.listJobs(this.queue, JobState.DELAYED, 10)).extracting(JobRecord::id)
			.containsExactly(sooner, later);
	}

	@Test
	void anIdWhoseHashExpiredIsListedAsUnknown() {
		String id = this.jobs.enqueue(this.queue, 1);
		redis.del(this.keys.job(id));
		assertThat(this.admin.listJobs(this.queue, JobState.PENDING, 5)).singleElement().satisfies((job) -> {
			assertThat(job.id()).isEqualTo(id);
			assertThat(job.status()).isEqualTo("unknown");
			assertThat(job.fields()).isEmpty();
		});
	}

	@Test
	void anEmptyListGivesNoJobsAndALimitBelowOneIsRefused() {
		assertThat(this.admin.listJobs(this.queue, JobState.FAILED, 10)).isEmpty();
		assertThatIllegalArgumentException().isThrownBy(() -> this.admin.listJobs(this.queue, JobState.FAILED, 0));
	}

}
