package dev.jobqueue.docs.lifecycle;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;

import dev.jobqueue.Deduplication;
import dev.jobqueue.JobCancellation;
import dev.jobqueue.JobCancelledException;
import dev.jobqueue.JobFailedException;
import dev.jobqueue.JobQueueOperations;
import dev.jobqueue.JobResultFuture;
import dev.jobqueue.NoSuchJobException;
import dev.jobqueue.annotation.JobHandler;
import dev.jobqueue.worker.JobContext;

import org.springframework.stereotype.Component;

/**
 * An export service that waits for results, cancels exports, reports progress and
 * deduplicates requests, as {@code docs/lifecycle.md} shows it.
 */
@Component
public class ExportJobs {

	private final JobQueueOperations jobs;

	/**
	 * Creates the example.
	 * @param jobs the starter's producer
	 */
	public ExportJobs(JobQueueOperations jobs) {
		this.jobs = jobs;
	}

	// tag::handler[]
	/**
	 * Exports the rows of a table, reporting progress and stopping when cancelled.
	 * @param request the table and its row count
	 * @param context the running job
	 * @return what was exported
	 * @throws InterruptedException when cancelled during a pause (interruptOnCancel)
	 */
	@JobHandler(queue = "exports", interruptOnCancel = true)
	public ExportResult export(ExportRequest request, JobContext context) throws InterruptedException {
		for (int row = 0; row < request.rows(); row++) {
			context.throwIfCancelled(); // or: if (context.isCancelled()) return ...
			Thread.sleep(10); // slow work; interrupted at once by a cancel
			context.reportProgress(row * 100 / request.rows(), Map.of("row", row));
		}
		return new ExportResult(request.table(), request.rows());
	}
	// end::handler[]

	/**
	 * Exports a table and waits up to 30 seconds for the result.
	 * @param table the table
	 * @return a line to show
	 * @throws InterruptedException if interrupted while waiting
	 */
	public String exportAndWait(String table) throws InterruptedException {
		// tag::wait[]
		JobResultFuture<ExportResult> future = jobs.enqueueAndWait("exports", new ExportRequest(table, 100),
				ExportResult.class, Duration.ofSeconds(30));
		String id = future.getJobId(); // to cancel or look up later
		try {
			ExportResult result = future.get();
			return "exported " + result.rows() + " rows of " + result.table();
		}
		catch (ExecutionException ex) {
			if (ex.getCause() instanceof TimeoutException) {
				return "still running: " + id; // the job goes on; only the wait ended
			}
			if (ex.getCause() instanceof JobCancelledException cancelled) {
				return "cancelled: " + cancelled.getLastError();
			}
			if (ex.getCause() instanceof JobFailedException failed) {
				return "failed: " + failed.getLastError();
			}
			throw new IllegalStateException(ex.getCause());
		}
		// end::wait[]
	}

	/**
	 * Waits, without blocking a thread, for an export enqueued earlier by anyone.
	 * @param id the export job's id
	 * @return the result to come
	 */
	public JobResultFuture<ExportResult> awaitExport(String id) {
		// tag::await[]
		JobResultFuture<ExportResult> future = jobs.awaitJob("exports", id, ExportResult.class, Duration.ofMinutes(5));
		future.whenComplete((result, failure) -> {
			if (failure instanceof NoSuchJobException) {
				// never enqueued, or finished and expired: answered at once, never a hang
			}
		});
		// end::await[]
		return future;
	}

	/**
	 * Cancels an export.
	 * @param id the export job's id
	 * @return what to tell the user
	 */
	public String cancelExport(String id) {
		// tag::cancel[]
		JobCancellation cancellation = jobs.cancel("exports", id, "cancelled by the user");
		return switch (cancellation.outcome()) {
			case CANCELLED -> "cancelled before it started; it will never run";
			case CANCELLED_RUNNING -> "cancelled while running; its worker was told to stop";
			case ALREADY_FINISHED -> "too late: it is already " + cancellation.previousStatus();
			case NOT_FOUND -> "no such export";
		};
		// end::cancel[]
	}

	/**
	 * Enqueues with each deduplication mode.
	 * @param userId the user whose data changed
	 * @param profile the new profile
	 */
	public void deduplicate(String userId, Map<String, Object> profile) {
		// tag::dedup[]
		// the newest profile wins while the sync has not started
		jobs.enqueue("sync", "profile-" + userId, profile, Deduplication.replace());
		// a burst of changes makes one reindex, 5 s after the last change
		jobs.enqueue("search", "reindex-" + userId, Map.of("user", userId),
				Deduplication.debounce(Duration.ofSeconds(5)));
		// at most one welcome mail a day, even if the first one finished long ago
		Deduplication.Outcome outcome = jobs.enqueue("mail", "welcome-" + userId, Map.of("user", userId),
				Deduplication.window(Duration.ofDays(1)));
		// ENQUEUED, UPDATED (replaced or debounced), or REFUSED
		// end::dedup[]
	}

	/**
	 * What to export.
	 *
	 * @param table the table
	 * @param rows how many rows it has
	 */
	public record ExportRequest(String table, int rows) {
	}

	/**
	 * What was exported.
	 *
	 * @param table the table
	 * @param rows how many rows
	 */
	public record ExportResult(String table, int rows) {
	}

}
