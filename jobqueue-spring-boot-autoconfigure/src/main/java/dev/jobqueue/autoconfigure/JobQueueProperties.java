package dev.jobqueue.autoconfigure;

import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.Map;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.convert.DurationUnit;
import org.springframework.util.unit.DataSize;

/**
 * Configuration of jobqueue: defaults for every queue directly under {@code jobqueue.*},
 * overrides for one queue under {@code jobqueue.queues.<name>.*}.
 */
@ConfigurationProperties("jobqueue")
public class JobQueueProperties {

	/**
	 * Whether to auto-configure jobqueue at all.
	 */
	private boolean enabled = true;

	/**
	 * First segment of every key, as in queue:<name>:pending.
	 */
	private String keyPrefix = "queue";

	/**
	 * Whether to wrap queue names in a Redis Cluster hash tag (queue:{name}:pending), so
	 * all keys of a queue share a slot; other reference clients must then use the same
	 * names.
	 */
	private boolean clusterHashTag;

	/**
	 * Number of jobs of a queue that run at once in this application.
	 */
	private int concurrency = 4;

	/**
	 * How long a claimed job may run without its lease being extended before a sweep
	 * returns it to pending.
	 */
	private Duration visibilityTimeout = Duration.ofSeconds(5);

	/**
	 * Number of claims a job gets before a failure or a timeout is final.
	 */
	private int maxAttempts = 3;

	/**
	 * Number of ids the completed and failed lists of a queue keep.
	 */
	private int historySize = 50;

	/**
	 * How long the hash of a completed or failed job is kept.
	 */
	@DurationUnit(ChronoUnit.SECONDS)
	private Duration finishedTtl = Duration.ofSeconds(300);

	/**
	 * How long one blocking claim waits for a job when the queue is empty.
	 */
	private Duration claimTimeout = Duration.ofSeconds(1);

	/**
	 * How often the processing list of a queue is swept for jobs whose visibility timeout
	 * expired.
	 */
	private Duration reclaimInterval = Duration.ofSeconds(1);

	/**
	 * How long stopping waits for running jobs before handing them back to pending.
	 */
	private Duration shutdownTimeout = Duration.ofSeconds(25);

	/**
	 * Whether running jobs have their claims extended, so a sweep never takes a job from
	 * a live worker.
	 */
	private boolean leaseExtension = true;

	/**
	 * Largest payload, as JSON, that enqueue accepts.
	 */
	private DataSize maxPayloadSize = DataSize.ofMegabytes(1);

	/**
	 * Overrides for single queues, by queue name.
	 */
	private final Map<String, Queue> queues = new LinkedHashMap<>();

	private final Worker worker = new Worker();

	private final Reclaimer reclaimer = new Reclaimer();

	private final Metrics metrics = new Metrics();

	private final Producer producer = new Producer();

	public boolean isEnabled() {
		return this.enabled;
	}

	public void setEnabled(boolean enabled) {
		this.enabled = enabled;
	}

	public String getKeyPrefix() {
		return this.keyPrefix;
	}

	public void setKeyPrefix(String keyPrefix) {
		this.keyPrefix = keyPrefix;
	}

	public boolean isClusterHashTag() {
		return this.clusterHashTag;
	}

	public void setClusterHashTag(boolean clusterHashTag) {
		this.clusterHashTag = clusterHashTag;
	}

	public int getConcurrency() {
		return this.concurrency;
	}

	public void setConcurrency(int concurrency) {
		this.concurrency = concurrency;
	}

	public Duration getVisibilityTimeout() {
		return this.visibilityTimeout;
	}

	public void setVisibilityTimeout(Duration visibilityTimeout) {
		this.visibilityTimeout = visibilityTimeout;
	}

	public int getMaxAttempts() {
		return this.maxAttempts;
	}

	public void setMaxAttempts(int maxAttempts) {
		this.maxAttempts = maxAttempts;
	}

	public int getHistorySize() {
		return this.historySize;
	}

	public void setHistorySize(int historySize) {
		this.historySize = historySize;
	}

	public Duration getFinishedTtl() {
		return this.finishedTtl;
	}

	public void setFinishedTtl(Duration finishedTtl) {
		this.finishedTtl = finishedTtl;
	}

	public Duration getClaimTimeout() {
		return this.claimTimeout;
	}

	public void setClaimTimeout(Duration claimTimeout) {
		this.claimTimeout = claimTimeout;
	}

	public Duration getReclaimInterval() {
		return this.reclaimInterval;
	}

	public void setReclaimInterval(Duration reclaimInterval) {
		this.reclaimInterval = reclaimInterval;
	}

	public Duration getShutdownTimeout() {
		return this.shutdownTimeout;
	}

	public void setShutdownTimeout(Duration shutdownTimeout) {
		this.shutdownTimeout = shutdownTimeout;
	}

	public boolean isLeaseExtension() {
		return this.leaseExtension;
	}

	public void setLeaseExtension(boolean leaseExtension) {
		this.leaseExtension = leaseExtension;
	}

	public DataSize getMaxPayloadSize() {
		return this.maxPayloadSize;
	}

	public void setMaxPayloadSize(DataSize maxPayloadSize) {
		this.maxPayloadSize = maxPayloadSize;
	}

	public Map<String, Queue> getQueues() {
		return this.queues;
	}

	public Worker getWorker() {
		return this.worker;
	}

	public Reclaimer getReclaimer() {
		return this.reclaimer;
	}

	public Metrics getMetrics() {
		return this.metrics;
	}

	public Producer getProducer() {
		return this.producer;
	}

	/**
	 * Settings of one queue; each one left unset takes the default under
	 * {@code jobqueue.*}.
	 */
	public static class Queue {

		/**
		 * Whether this application runs workers for the queue and sweeps it.
		 */
		private boolean enabled = true;

		/**
		 * First segment of the queue's keys.
		 */
		private @Nullable String keyPrefix;

		/**
		 * Whether to wrap the queue name in a Redis Cluster hash tag.
		 */
		private @Nullable Boolean clusterHashTag;

		/**
		 * Number of jobs of the queue that run at once.
		 */
		private @Nullable Integer concurrency;

		/**
		 * How long a claimed job may run without a lease extension before a sweep returns
		 * it.
		 */
		private @Nullable Duration visibilityTimeout;

		/**
		 * Number of claims a job gets before a failure or a timeout is final.
		 */
		private @Nullable Integer maxAttempts;

		/**
		 * Number of ids the completed and failed lists keep.
		 */
		private @Nullable Integer historySize;

		/**
		 * How long the hash of a completed or failed job is kept.
		 */
		@DurationUnit(ChronoUnit.SECONDS)
		private @Nullable Duration finishedTtl;

		/**
		 * How long one blocking claim waits for a job.
		 */
		private @Nullable Duration claimTimeout;

		/**
		 * How often the processing list is swept.
		 */
		private @Nullable Duration reclaimInterval;

		/**
		 * How long stopping waits for running jobs.
		 */
		private @Nullable Duration shutdownTimeout;

		/**
		 * Whether running jobs have their claims extended.
		 */
		private @Nullable Boolean leaseExtension;

		/**
		 * Largest payload, as JSON, that enqueue accepts.
		 */
		private @Nullable DataSize maxPayloadSize;

		public boolean isEnabled() {
			return this.enabled;
		}

		public void setEnabled(boolean enabled) {
			this.enabled = enabled;
		}

		public @Nullable String getKeyPrefix() {
			return this.keyPrefix;
		}

		public void setKeyPrefix(@Nullable String keyPrefix) {
			this.keyPrefix = keyPrefix;
		}

		public @Nullable Boolean getClusterHashTag() {
			return this.clusterHashTag;
		}

		public void setClusterHashTag(@Nullable Boolean clusterHashTag) {
			this.clusterHashTag = clusterHashTag;
		}

		public @Nullable Integer getConcurrency() {
			return this.concurrency;
		}

		public void setConcurrency(@Nullable Integer concurrency) {
			this.concurrency = concurrency;
		}

		public @Nullable Duration getVisibilityTimeout() {
			return this.visibilityTimeout;
		}

		public void setVisibilityTimeout(@Nullable Duration visibilityTimeout) {
			this.visibilityTimeout = visibilityTimeout;
		}

		public @Nullable Integer getMaxAttempts() {
			return this.maxAttempts;
		}

		public void setMaxAttempts(@Nullable Integer maxAttempts) {
			this.maxAttempts = maxAttempts;
		}

		public @Nullable Integer getHistorySize() {
			return this.historySize;
		}

		public void setHistorySize(@Nullable Integer historySize) {
			this.historySize = historySize;
		}

		public @Nullable Duration getFinishedTtl() {
			return this.finishedTtl;
		}

		public void setFinishedTtl(@Nullable Duration finishedTtl) {
			this.finishedTtl = finishedTtl;
		}

		public @Nullable Duration getClaimTimeout() {
			return this.claimTimeout;
		}

		public void setClaimTimeout(@Nullable Duration claimTimeout) {
			this.claimTimeout = claimTimeout;
		}

		public @Nullable Duration getReclaimInterval() {
			return this.reclaimInterval;
		}

		public void setReclaimInterval(@Nullable Duration reclaimInterval) {
			this.reclaimInterval = reclaimInterval;
		}

		public @Nullable Duration getShutdownTimeout() {
			return this.shutdownTimeout;
		}

		public void setShutdownTimeout(@Nullable Duration shutdownTimeout) {
			this.shutdownTimeout = shutdownTimeout;
		}

		public @Nullable Boolean getLeaseExtension() {
			return this.leaseExtension;
		}

		public void setLeaseExtension(@Nullable Boolean leaseExtension) {
			this.leaseExtension = leaseExtension;
		}

		public @Nullable DataSize getMaxPayloadSize() {
			return this.maxPayloadSize;
		}

		public void setMaxPayloadSize(@Nullable DataSize maxPayloadSize) {
			this.maxPayloadSize = maxPayloadSize;
		}

	}

	/**
	 * Settings of the {@code @JobHandler} workers.
	 */
	public static class Worker {

		/**
		 * Whether to run @JobHandler methods; false makes this application a producer
		 * only.
		 */
		private boolean enabled = true;

		/**
		 * Payload field whose text value routes a job to the @JobHandler declaring that
		 * kind.
		 */
		private String kindField = "kind";

		public boolean isEnabled() {
			return this.enabled;
		}

		public void setEnabled(boolean enabled) {
			this.enabled = enabled;
		}

		public String getKindField() {
			return this.kindField;
		}

		public void setKindField(String kindField) {
			this.kindField = kindField;
		}

	}

	/**
	 * Settings of the sweep that returns stale jobs to pending.
	 */
	public static class Reclaimer {

		/**
		 * Whether this application sweeps its queues for jobs whose visibility timeout
		 * expired.
		 */
		private boolean enabled = true;

		public boolean isEnabled() {
			return this.enabled;
		}

		public void setEnabled(boolean enabled) {
			this.enabled = enabled;
		}

	}

	/**
	 * Settings of the queue meters.
	 */
	public static class Metrics {

		/**
		 * How often the queue depths behind the jobqueue.jobs gauges are read from Redis.
		 */
		private Duration refreshInterval = Duration.ofSeconds(5);

		public Duration getRefreshInterval() {
			return this.refreshInterval;
		}

		public void setRefreshInterval(Duration refreshInterval) {
			this.refreshInterval = refreshInterval;
		}

	}

	/**
	 * Settings of enqueue.
	 */
	public static class Producer {

		/**
		 * Number of replicas that must acknowledge every enqueue (Redis WAIT) before it
		 * returns; 0 does not wait. With Sentinel, 1 keeps an acknowledged enqueue
		 * through a failover.
		 */
		private int waitForReplicas;

		/**
		 * How long an enqueue waits for the replicas before it fails.
		 */
		private Duration waitTimeout = Duration.ofSeconds(1);

		public int getWaitForReplicas() {
			return this.waitForReplicas;
		}

		public void setWaitForReplicas(int waitForReplicas) {
			this.waitForReplicas = waitForReplicas;
		}

		public Duration getWaitTimeout() {
			return this.waitTimeout;
		}

		public void setWaitTimeout(Duration waitTimeout) {
			this.waitTimeout = waitTimeout;
		}

	}

}
