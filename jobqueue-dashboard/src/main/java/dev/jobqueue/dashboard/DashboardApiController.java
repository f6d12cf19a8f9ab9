package dev.jobqueue.dashboard;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import dev.jobqueue.JobRecord;
import dev.jobqueue.JobState;
import jakarta.servlet.http.HttpServletRequest;
import org.jspecify.annotations.Nullable;

import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;

/**
 * The JSON the console's pages poll: the overview of every queue, one page of a queue's
 * list, one job. The overview is computed at most once per second however many consoles
 * are open, so its cost on Redis is bounded by the number of queues alone.
 */
@RestController
@RequestMapping("${jobqueue.dashboard.path:/jobqueue}/api")
public final class DashboardApiController {

	private final DashboardOperations operations;

	private final MinuteCounters counters;

	private final InstanceRegistry instances;

	private final DashboardAccess access;

	private final JobDetails details;

	private final int pageSize;

	private final Clock clock;

	private volatile @Nullable Overview overview;

	/**
	 * Creates the controller.
	 * @param operations the queues
	 * @param counters the per-minute counters
	 * @param instances the instance registry
	 * @param access who may see and do what
	 * @param pageSize the jobs per page of a list
	 * @param clock the clock that ages the shared overview
	 */
	public DashboardApiController(DashboardOperations operations, MinuteCounters counters, InstanceRegistry instances,
			DashboardAccess access, int pageSize, Clock clock) {
		this.operations = operations;
		this.counters = counters;
		this.instances = instances;
		this.access = access;
		this.details = new JobDetails();
		this.pageSize = pageSize;
		this.clock = clock;
	}

	/**
	 * Describes every queue: depths, the last hour's counters and the instances working
	 * it.
	 * @return the overview, at most a second old
	 */
	@GetMapping("/overview")
	public Overview overview() {
		Overview current = this.overview;
		long now = this.clock.millis();
		if (current != null && now - current.readAtMs() < Duration.ofSeconds(1).toMillis()) {
			return current;
		}
		synchronized (this) {
			current = this.overview;
			if (current != null && this.clock.millis() - current.readAtMs() < Duration.ofSeconds(1).toMillis()) {
				return current;
			}
			List<QueueSummary> queues = new ArrayList<>();
			for (String name : this.operations.queues()) {
				queues.add(new QueueSummary(name, this.operations.depths(name), this.counters.lastHour(name),
						this.instances.instances(name)));
			}
			current = new Overview(this.clock.millis(), queues);
			this.overview = current;
			return current;
		}
	}

	/**
	 * Describes one queue with one page of one of its lists.
	 * @param name the queue name
	 * @param state the list: pending, processing, delayed, completed or failed
	 * @param page the page, from 0
	 * @return the queue; 404 for a queue the console does not show, 400 for an unknown
	 * state or a negative page
	 */
	@GetMapping("/queue")
	public QueueView queue(@RequestParam String name, @RequestParam(defaultValue = "pending") String state,
			@RequestParam(defaultValue = "0") int page) {
		requireKnown(this.operations, name);
		JobState listed = JobState.fromValue(state.toLowerCase(Locale.ROOT));
		if (listed == null || page < 0) {
			throw new ResponseStatusException(HttpStatus.BAD_REQUEST,
					"state must be pending, processing, delayed, completed or failed, and page at least 0");
		}
		return new QueueView(name, this.operations.depths(name),
				this.operations.page(name, listed, page, this.pageSize), this.instances.instances(name),
				this.operations.schedules(name));
	}

	/**
	 * Describes one job, its payload and result masked unless the caller may see them.
	 * @param queue the queue name
	 * @param id the job id
	 * @param request the request, for the show-values rule
	 * @return the job; 404 when its hash does not exist or the queue is not shown
	 */
	@GetMapping("/job")
	public JobDetails.Job job(@RequestParam String queue, @RequestParam String id, HttpServletRequest request) {
		requireKnown(this.operations, queue);
		JobRecord job = this.operations.job(queue, id)
			.orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND, "No job '" + id + "' in " + queue));
		return this.details.describe(job, this.access.showsValues(request));
	}

	static void requireKnown(DashboardOperations operations, String queue) {
		if (!operations.isKnown(queue)) {
			throw new ResponseStatusException(HttpStatus.NOT_FOUND, "The console shows no queue named '" + queue + "'");
		}
	}

	/**
	 * Every queue the console shows.
	 *
	 * @param readAtMs when it was read, epoch ms
	 * @param queues the queues, by name
	 */
	public record Overview(long readAtMs, List<QueueSummary> queues) {
	}

	/**
	 * One queue in the overview.
	 *
	 * @param name the queue name
	 * @param depths the lengths of its lists
	 * @param lastHour its fleet-wide per-minute counters
	 * @param instances the instances working it
	 */
	public record QueueSummary(String name, DashboardOperations.Depths depths, MinuteCounters.Series lastHour,
			List<InstanceRegistry.Instance> instances) {
	}

	/**
	 * One queue with a page of one of its lists.
	 *
	 * @param name the queue name
	 * @param depths the lengths of its lists
	 * @param page the page
	 * @param instances the instances working it
	 * @param schedules the recurring schedules of the queue running in this application
	 */
	public record QueueView(String name, DashboardOperations.Depths depths, DashboardOperations.Page page,
			List<InstanceRegistry.Instance> instances, List<DashboardOperations.Schedule> schedules) {
	}

}
