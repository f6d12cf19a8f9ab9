package dev.jobqueue.docs.flow;

import java.util.List;
import java.util.Map;

import dev.jobqueue.FlowStatus;
import dev.jobqueue.JobOptions;
import dev.jobqueue.JobQueueAdmin;
import dev.jobqueue.JobQueueOperations;

import org.springframework.stereotype.Component;

/**
 * Priorities, LIFO, groups and pause, as {@code docs/flow-control.md} shows them.
 */
@Component
public class TenantImportJobs {

	private final JobQueueOperations jobs;

	private final JobQueueAdmin admin;

	/**
	 * Creates the example.
	 * @param jobs the starter's producer
	 * @param admin the starter's operator API
	 */
	public TenantImportJobs(JobQueueOperations jobs, JobQueueAdmin admin) {
		this.jobs = jobs;
		this.admin = admin;
	}

	/**
	 * Enqueues a password reset ahead of everything, a newsletter behind, and a retry
	 * that runs next.
	 * @param user who the jobs are for
	 */
	public void priorities(String user) {
		// tag::priorities[]
		jobs.enqueue("emails", Map.of("reset", user), JobOptions.priority(JobOptions.HIGH));
		jobs.enqueue("emails", Map.of("newsletter", user), JobOptions.priority(JobOptions.LOW));
		// normal priority: the reference's pending list, as a plain enqueue
		jobs.enqueue("emails", Map.of("welcome", user));
		// run next instead of last among the jobs of its level
		jobs.enqueue("emails", Map.of("welcome", user), JobOptions.none().withLifo(true));
		// end::priorities[]
	}

	/**
	 * Enqueues one tenant's import as jobs of its group.
	 * @param tenant the tenant
	 * @param rows the rows to import
	 */
	public void importRows(String tenant, List<Map<String, Object>> rows) {
		// tag::groups[]
		// at most group-concurrency jobs of a tenant at once, on all instances;
		// claims rotate between the tenants with jobs waiting
		jobs.enqueueAll("imports", rows, JobOptions.group(tenant));
		// end::groups[]
	}

	/**
	 * Pauses the partner queue during the partner's maintenance window.
	 * @return how many jobs wait
	 */
	public long maintenance() {
		// tag::pause[]
		// every instance stops claiming within one claim timeout
		admin.pause("partner-api");
		FlowStatus status = admin.flowStatus("partner-api");
		long waiting = status.waiting(); // enqueues go on while paused
		admin.resume("partner-api");
		// end::pause[]
		return waiting;
	}

}
