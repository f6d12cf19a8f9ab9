package dev.jobqueue.dashboard;

import jakarta.servlet.http.HttpServletRequest;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;

/**
 * The console's actions, each a POST that needs a user who may act and the console's CSRF
 * token (403 otherwise). Each is logged with the user who did it.
 */
@RestController
@RequestMapping("${jobqueue.dashboard.path:/jobqueue}/api/actions")
public final class DashboardActionController {

	private static final Log logger = LogFactory.getLog(DashboardActionController.class);

	private final DashboardOperations operations;

	private final DashboardAccess access;

	/**
	 * Creates the controller.
	 * @param operations the queues
	 * @param access who may act
	 */
	public DashboardActionController(DashboardOperations operations, DashboardAccess access) {
		this.operations = operations;
		this.access = access;
	}

	/**
	 * Sends a job that failed for good back to pending with fresh attempts.
	 * @param queue the queue name
	 * @param id the job id
	 * @param request the request
	 * @return whether the job went back to pending
	 */
	@PostMapping("/retry")
	public Outcome retry(@RequestParam String queue, @RequestParam String id, HttpServletRequest request) {
		authorize(request, queue, "retry " + id);
		return new Outcome("retry", queue, id, this.operations.retry(queue, id) ? 1 : 0);
	}

	/**
	 * Sends every job that failed for good back to pending with fresh attempts.
	 * @param queue the queue name
	 * @param request the request
	 * @return how many jobs went back to pending
	 */
	@PostMapping("/retry-failed")
	public Outcome retryFailed(@RequestParam String queue, HttpServletRequest request) {
		authorize(request, queue, "retry all failed");
		return new Outcome("retry-failed", queue, null, this.operations.retryAllFailed(queue));
	}

	/**
	 * Cancels a pending, delayed or running job: a job that has not started never runs, a
	 * running one is recorded as cancelled and its worker told. A finished or unknown job
	 * is left alone (count 0).
	 * @param queue the queue name
	 * @param id the job id
	 * @param request the request
	 * @return 1 when the job was cancelled, 0 when it had finished or does not exist
	 */
	@PostMapping("/cancel")
	public Outcome cancel(@RequestParam String queue, @RequestParam String id, HttpServletRequest request) {
		authorize(request, queue, "cancel " + id);
		String user = (request.getUserPrincipal() != null) ? request.getUserPrincipal().getName() : "anonymous";
		return new Outcome("cancel", queue, id,
				this.operations.cancel(queue, id, "cancelled in the dashboard by " + user).cancelled() ? 1 : 0);
	}

	/**
	 * Deletes a job wherever it is.
	 * @param queue the queue name
	 * @param id the job id
	 * @param request the request
	 * @return whether the job existed
	 */
	@PostMapping("/delete")
	public Outcome delete(@RequestParam String queue, @RequestParam String id, HttpServletRequest request) {
		authorize(request, queue, "delete " + id);
		return new Outcome("delete", queue, id, this.operations.delete(queue, id) ? 1 : 0);
	}

	/**
	 * Moves a delayed job (or a retry waiting for its backoff) to pending at once.
	 * @param queue the queue name
	 * @param id the job id
	 * @param request the request
	 * @return whether the job moved
	 */
	@PostMapping("/run-now")
	public Outcome runNow(@RequestParam String queue, @RequestParam String id, HttpServletRequest request) {
		authorize(request, queue, "run now " + id);
		return new Outcome("run-now", queue, id, this.operations.runNow(queue, id) ? 1 : 0);
	}

	/**
	 * Enqueues one job of a recurring schedule now, outside its ticks.
	 * @param queue the schedule's queue
	 * @param schedule the schedule name
	 * @param request the request
	 * @return the new job's id; 404 when no such schedule runs in this application
	 */
	@PostMapping("/trigger")
	public Outcome trigger(@RequestParam String queue, @RequestParam String schedule, HttpServletRequest request) {
		authorize(request, queue, "trigger schedule " + schedule);
		String id = this.operations.triggerSchedule(queue, schedule)
			.orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND,
					"No schedule '" + schedule + "' on queue '" + queue + "' runs in this application"));
		return new Outcome("trigger", queue, id, 1);
	}

	/**
	 * Pauses a queue for every instance: workers stop claiming, running jobs finish,
	 * enqueues go on.
	 * @param queue the queue name
	 * @param request the request
	 * @return 1 when the queue is paused now
	 */
	@PostMapping("/pause")
	public Outcome pause(@RequestParam String queue, HttpServletRequest request) {
		authorize(request, queue, "pause");
		return new Outcome("pause", queue, null, this.operations.setPaused(queue, true) ? 1 : 0);
	}

	/**
	 * Resumes a paused queue for every instance.
	 * @param queue the queue name
	 * @param request the request
	 * @return 0 when the queue is no longer paused
	 */
	@PostMapping("/resume")
	public Outcome resume(@RequestParam String queue, HttpServletRequest request) {
		authorize(request, queue, "resume");
		return new Outcome("resume", queue, null, this.operations.setPaused(queue, false) ? 1 : 0);
	}

	/**
	 * Purges a queue: its lists and every job hash. The caller confirms by sending the
	 * queue's name a second time.
	 * @param queue the queue name
	 * @param confirm the queue name again
	 * @param request the request
	 * @return how many keys were deleted; 400 when the confirmation does not match
	 */
	@PostMapping("/purge")
	public Outcome purge(@RequestParam String queue, @RequestParam(required = false) @Nullable String confirm,
			HttpServletRequest request) {
		authorize(request, queue, "purge");
		if (!queue.equals(confirm)) {
			throw new ResponseStatusException(HttpStatus.BAD_REQUEST,
					"To purge, send confirm= the queue's name, '" + queue + "'");
		}
		return new Outcome("purge", queue, null, this.operations.purge(queue));
	}

	private void authorize(HttpServletRequest request, String queue, String action) {
		if (!this.access.mayPerform(request)) {
			throw new ResponseStatusException(HttpStatus.FORBIDDEN, this.access.actionsOn()
					? "This action needs the role and the console's token" : "Actions are switched off");
		}
		DashboardApiController.requireKnown(this.operations, queue);
		if (logger.isInfoEnabled()) {
			String user = (request.getUserPrincipal() != null) ? request.getUserPrincipal().getName() : "anonymous";
			logger.info("Dashboard action by " + user + ": " + action + " on queue '" + queue + "'");
		}
	}

	/**
	 * What an action did.
	 *
	 * @param action the action
	 * @param queue the queue name
	 * @param id the job id, or null for an action on the queue
	 * @param count how many jobs (or, for a purge, keys) it changed
	 */
	public record Outcome(String action, String queue, @Nullable String id, long count) {
	}

}
