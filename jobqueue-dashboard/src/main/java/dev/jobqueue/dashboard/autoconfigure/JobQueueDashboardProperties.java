package dev.jobqueue.dashboard.autoconfigure;

import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.Set;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Configuration of the jobqueue dashboard and of the heartbeat it shows.
 */
@ConfigurationProperties("jobqueue.dashboard")
public class JobQueueDashboardProperties {

	/**
	 * Whether to serve the console in this application (a Spring MVC one).
	 */
	private boolean enabled = true;

	/**
	 * Path of the console: starts with '/', does not end with one.
	 */
	private String path = "/jobqueue";

	/**
	 * How often open pages refresh; at least 2s.
	 */
	private Duration refreshInterval = Duration.ofSeconds(2);

	/**
	 * Jobs per page of a queue's list, 1 to 200.
	 */
	private int pageSize = 25;

	/**
	 * Queues to show besides those configured under jobqueue.queues or served by a
	 * handler of this application.
	 */
	private Set<String> queues = new LinkedHashSet<>();

	/**
	 * Whether this application's flows write the fleet-wide per-minute counters
	 * (completed, failed, retried, reclaimed) that the console charts; each costs about
	 * one HINCRBY per job.
	 */
	private boolean minuteCounters = true;

	private final Actions actions = new Actions();

	private final Heartbeat heartbeat = new Heartbeat();

	public boolean isEnabled() {
		return this.enabled;
	}

	public void setEnabled(boolean enabled) {
		this.enabled = enabled;
	}

	public String getPath() {
		return this.path;
	}

	public void setPath(String path) {
		this.path = path;
	}

	public Duration getRefreshInterval() {
		return this.refreshInterval;
	}

	public void setRefreshInterval(Duration refreshInterval) {
		this.refreshInterval = refreshInterval;
	}

	public int getPageSize() {
		return this.pageSize;
	}

	public void setPageSize(int pageSize) {
		this.pageSize = pageSize;
	}

	public Set<String> getQueues() {
		return this.queues;
	}

	public void setQueues(Set<String> queues) {
		this.queues = queues;
	}

	public boolean isMinuteCounters() {
		return this.minuteCounters;
	}

	public void setMinuteCounters(boolean minuteCounters) {
		this.minuteCounters = minuteCounters;
	}

	public Actions getActions() {
		return this.actions;
	}

	public Heartbeat getHeartbeat() {
		return this.heartbeat;
	}

	/**
	 * The console's actions: retry, delete, purge.
	 */
	public static class Actions {

		/**
		 * Whether the console offers actions; off, it is read-only.
		 */
		private boolean enabled;

		/**
		 * Role a user needs to act, when Spring Security is present.
		 */
		private String role = "JOBQUEUE_ADMIN";

		/**
		 * Whether actions are on without Spring Security, where anyone who reaches the
		 * console can act: set it only when something else guards the console's path.
		 */
		private boolean allowWithoutSpringSecurity;

		public boolean isEnabled() {
			return this.enabled;
		}

		public void setEnabled(boolean enabled) {
			this.enabled = enabled;
		}

		public String getRole() {
			return this.role;
		}

		public void setRole(String role) {
			this.role = role;
		}

		public boolean isAllowWithoutSpringSecurity() {
			return this.allowWithoutSpringSecurity;
		}

		public void setAllowWithoutSpringSecurity(boolean allowWithoutSpringSecurity) {
			this.allowWithoutSpringSecurity = allowWithoutSpringSecurity;
		}

	}

	/**
	 * The heartbeat by which each instance that runs workers shows in every console.
	 */
	public static class Heartbeat {

		/**
		 * Whether this application writes a heartbeat for each queue it works.
		 */
		private boolean enabled = true;

		/**
		 * Time between heartbeats; an instance that misses three leaves the registry.
		 */
		private Duration interval = Duration.ofSeconds(5);

		public boolean isEnabled() {
			return this.enabled;
		}

		public void setEnabled(boolean enabled) {
			this.enabled = enabled;
		}

		public Duration getInterval() {
			return this.interval;
		}

		public void setInterval(Duration interval) {
			this.interval = interval;
		}

	}

}
