package dev.jobqueue.autoconfigure;

import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.jobqueue.FlowControl;
import dev.jobqueue.QueueSettings;
import dev.jobqueue.config.QueueSettingsResolver;
import dev.jobqueue.scheduling.MissedTickPolicy;
import dev.jobqueue.worker.ClaimMode;
import dev.jobqueue.worker.JobRetrySettings;
import dev.jobqueue.worker.JobWorkerContainerFactory;
import dev.jobqueue.worker.JobWorkerSettings;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.DeprecatedConfigurationProperty;
import org.springframework.boot.convert.DurationUnit;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.Errors;
import org.springframework.validation.Validator;

/**
 * Configuration of jobqueue. Settings of every queue sit under {@code jobqueue.*},
 * grouped by who uses them ({@code worker}, {@code reclaimer}, {@code producer}); one
 * queue overrides any of them under {@code jobqueue.queues.<name>.*} with the same path.
 * Each default comes from the core constant it configures. Validates itself when bound,
 * so an invalid value fails startup naming its property.
 */
@ConfigurationProperties("jobqueue")
public class JobQueueProperties implements Validator {

	/**
	 * Whether to auto-configure jobqueue at all.
	 */
	private boolean enabled = true;

	/**
	 * First segment of every key, as in queue:<name>:pending.
	 */
	private String keyPrefix = QueueSettings.DEFAULT_KEY_PREFIX;

	/**
	 * Whether to wrap queue names in a Redis Cluster hash tag (queue:{name}:pending), so
	 * all keys of a queue share a slot; other reference clients must then use the same
	 * names.
	 */
	private boolean clusterHashTag;

	/**
	 * How long a claimed job may run without its lease being extended before a sweep
	 * returns it to pending.
	 */
	private Duration visibilityTimeout = QueueSettings.DEFAULT_VISIBILITY_TIMEOUT;

	/**
	 * Number of claims a job gets before a failure or a timeout is final.
	 */
	private int maxAttempts = QueueSettings.DEFAULT_MAX_ATTEMPTS;

	/**
	 * Number of ids the completed and failed lists of a queue keep.
	 */
	private int historySize = QueueSettings.DEFAULT_HISTORY_SIZE;

	/**
	 * How long the hash of a completed or failed job is kept.
	 */
	@DurationUnit(ChronoUnit.SECONDS)
	private Duration finishedTtl = QueueSettings.DEFAULT_FINISHED_TTL;

	/**
	 * Overrides for single queues, by queue name, with the same paths as the settings of
	 * every queue (jobqueue.queues.<name>.worker.concurrency).
	 */
	private final Map<String, Queue> queues = new LinkedHashMap<>();

	/**
	 * Recurring schedules, by schedule name (jobqueue.schedules.<name>.cron); each
	 * enqueues one job per tick however many instances run it.
	 */
	private final Map<String, Schedule> schedules = new LinkedHashMap<>();

	private final Worker worker = new Worker();

	private final Retry retry = new Retry();

	private final Reclaimer reclaimer = new Reclaimer();

	private final Producer producer = new Producer();

	private final Metrics metrics = new Metrics();

	private final Health health = new Health();

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

	public Map<String, Queue> getQueues() {
		return this.queues;
	}

	public Map<String, Schedule> getSchedules() {
		return this.schedules;
	}

	public Worker getWorker() {
		return this.worker;
	}

	public Retry getRetry() {
		return this.retry;
	}

	public Reclaimer getReclaimer() {
		return this.reclaimer;
	}

	public Producer getProducer() {
		return this.producer;
	}

	public Metrics getMetrics() {
		return this.metrics;
	}

	public Health getHealth() {
		return this.health;
	}

	@Deprecated(since = "0.1.0", forRemoval = true)
	@DeprecatedConfigurationProperty(replacement = "jobqueue.worker.concurrency", since = "0.1.0")
	public int getConcurrency() {
		return this.worker.getConcurrency();
	}

	@Deprecated(since = "0.1.0", forRemoval = true)
	public void setConcurrency(int concurrency) {
		this.worker.setConcurrency(concurrency);
	}

	@Deprecated(since = "0.1.0", forRemoval = true)
	@DeprecatedConfigurationProperty(replacement = "jobqueue.worker.claim-timeout", since = "0.1.0")
	public Duration getClaimTimeout() {
		return this.worker.getClaimTimeout();
	}

	@Deprecated(since = "0.1.0", forRemoval = true)
	public void setClaimTimeout(Duration claimTimeout) {
		this.worker.setClaimTimeout(claimTimeout);
	}

	@Deprecated(since = "0.1.0", forRemoval = true)
	@DeprecatedConfigurationProperty(replacement = "jobqueue.worker.shutdown-timeout", since = "0.1.0")
	public Duration getShutdownTimeout() {
		return this.worker.getShutdownTimeout();
	}

	@Deprecated(since = "0.1.0", forRemoval = true)
	public void setShutdownTimeout(Duration shutdownTimeout) {
		this.worker.setShutdownTimeout(shutdownTimeout);
	}

	@Deprecated(since = "0.1.0", forRemoval = true)
	@DeprecatedConfigurationProperty(replacement = "jobqueue.worker.lease-extension", since = "0.1.0")
	public boolean isLeaseExtension() {
		return this.worker.isLeaseExtension();
	}

	@Deprecated(since = "0.1.0", forRemoval = true)
	public void setLeaseExtension(boolean leaseExtension) {
		this.worker.setLeaseExtension(leaseExtension);
	}

	@Deprecated(since = "0.1.0", forRemoval = true)
	@DeprecatedConfigurationProperty(replacement = "jobqueue.reclaimer.interval", since = "0.1.0")
	public Duration getReclaimInterval() {
		return this.reclaimer.getInterval();
	}

	@Deprecated(since = "0.1.0", forRemoval = true)
	public void setReclaimInterval(Duration reclaimInterval) {
		this.reclaimer.setInterval(reclaimInterval);
	}

	@Deprecated(since = "0.1.0", forRemoval = true)
	@DeprecatedConfigurationProperty(replacement = "jobqueue.producer.max-payload-size", since = "0.1.0")
	public DataSize getMaxPayloadSize() {
		return this.producer.getMaxPayloadSize();
	}

	@Deprecated(since = "0.1.0", forRemoval = true)
	public void setMaxPayloadSize(DataSize maxPayloadSize) {
		this.producer.setMaxPayloadSize(maxPayloadSize);
	}

	@Override
	public boolean supports(Class<?> type) {
		return JobQueueProperties.class == type;
	}

	@Override
	public void validate(Object target, Errors errors) {
		JobQueuePropertiesValidator.validate((JobQueueProperties) target, errors);
	}

	/**
	 * Settings of one queue; each one left unset takes the setting of every queue.
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

		private final QueueWorker worker = new QueueWorker();

		private final QueueRetry retry = new QueueRetry();

		private final QueueReclaimer reclaimer = new QueueReclaimer();

		private final QueueProducer producer = new QueueProducer();

		/**
		 * Priority levels of the queue, highest first; must contain 'normal' (the
		 * reference's pending list).
		 */
		private List<String> priorities = new ArrayList<>(FlowControl.DEFAULT_PRIORITIES);

		/**
		 * Weight of each priority level, in the same order; a claim then picks a level
		 * with jobs in proportion to its weight, so a low level never starves. Empty for
		 * strict priority.
		 */
		private List<Integer> priorityWeights = new ArrayList<>();

		/**
		 * Whether a job enqueued without a choice runs next (newest first) instead of
		 * last.
		 */
		private boolean lifo;

		/**
		 * Most jobs of the queue in processing at once, across all instances; 0 for no
		 * limit.
		 */
		private int maxConcurrency;

		/**
		 * Most jobs of one group in processing at once, across all instances; 0 for no
		 * limit.
		 */
		private int groupConcurrency;

		private final RateLimit rateLimit = new RateLimit();

		/**
		 * Number of hash-tagged sub-queues the queue is spread over, for a hot queue on
		 * Redis Cluster: enqueue spreads jobs over them by id, workers claim from all and
		 * the reclaimer sweeps all. From 1 (one ordinary queue) to 1024; choose a
		 * multiple of the cluster's primaries. Cannot be combined with the queue-wide
		 * limits (max-concurrency, group-concurrency, rate-limit).
		 */
		private int shards = 1;

		public int getShards() {
			return this.shards;
		}

		public void setShards(int shards) {
			this.shards = shards;
		}

		public List<String> getPriorities() {
			return this.priorities;
		}

		public void setPriorities(List<String> priorities) {
			this.priorities = priorities;
		}

		public List<Integer> getPriorityWeights() {
			return this.priorityWeights;
		}

		public void setPriorityWeights(List<Integer> priorityWeights) {
			this.priorityWeights = priorityWeights;
		}

		public boolean isLifo() {
			return this.lifo;
		}

		public void setLifo(boolean lifo) {
			this.lifo = lifo;
		}

		public int getMaxConcurrency() {
			return this.maxConcurrency;
		}

		public void setMaxConcurrency(int maxConcurrency) {
			this.maxConcurrency = maxConcurrency;
		}

		public int getGroupConcurrency() {
			return this.groupConcurrency;
		}

		public void setGroupConcurrency(int groupConcurrency) {
			this.groupConcurrency = groupConcurrency;
		}

		public RateLimit getRateLimit() {
			return this.rateLimit;
		}

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

		public QueueWorker getWorker() {
			return this.worker;
		}

		public QueueRetry getRetry() {
			return this.retry;
		}

		public QueueReclaimer getReclaimer() {
			return this.reclaimer;
		}

		public QueueProducer getProducer() {
			return this.producer;
		}

		@Deprecated(since = "0.1.0", forRemoval = true)
		public @Nullable Integer getConcurrency() {
			return this.worker.getConcurrency();
		}

		@Deprecated(since = "0.1.0", forRemoval = true)
		public void setConcurrency(@Nullable Integer concurrency) {
			this.worker.setConcurrency(concurrency);
		}

		@Deprecated(since = "0.1.0", forRemoval = true)
		public @Nullable Duration getClaimTimeout() {
			return this.worker.getClaimTimeout();
		}

		@Deprecated(since = "0.1.0", forRemoval = true)
		public void setClaimTimeout(@Nullable Duration claimTimeout) {
			this.worker.setClaimTimeout(claimTimeout);
		}

		@Deprecated(since = "0.1.0", forRemoval = true)
		public @Nullable Duration getShutdownTimeout() {
			return this.worker.getShutdownTimeout();
		}

		@Deprecated(since = "0.1.0", forRemoval = true)
		public void setShutdownTimeout(@Nullable Duration shutdownTimeout) {
			this.worker.setShutdownTimeout(shutdownTimeout);
		}

		@Deprecated(since = "0.1.0", forRemoval = true)
		public @Nullable Boolean getLeaseExtension() {
			return this.worker.getLeaseExtension();
		}

		@Deprecated(since = "0.1.0", forRemoval = true)
		public void setLeaseExtension(@Nullable Boolean leaseExtension) {
			this.worker.setLeaseExtension(leaseExtension);
		}

		@Deprecated(since = "0.1.0", forRemoval = true)
		public @Nullable Duration getReclaimInterval() {
			return this.reclaimer.getInterval();
		}

		@Deprecated(since = "0.1.0", forRemoval = true)
		public void setReclaimInterval(@Nullable Duration reclaimInterval) {
			this.reclaimer.setInterval(reclaimInterval);
		}

		@Deprecated(since = "0.1.0", forRemoval = true)
		public @Nullable DataSize getMaxPayloadSize() {
			return this.producer.getMaxPayloadSize();
		}

		@Deprecated(since = "0.1.0", forRemoval = true)
		public void setMaxPayloadSize(@Nullable DataSize maxPayloadSize) {
			this.producer.setMaxPayloadSize(maxPayloadSize);
		}

	}

	/**
	 * Rate limit of one queue, enforced in Redis across all instances.
	 */
	public static class RateLimit {

		/**
		 * Most jobs that start in any period, across all instances; 0 for no rate limit.
		 */
		private int permits;

		/**
		 * Period of the rate limit.
		 */
		private Duration period = Duration.ofSeconds(1);

		public int getPermits() {
			return this.permits;
		}

		public void setPermits(int permits) {
			this.permits = permits;
		}

		public Duration getPeriod() {
			return this.period;
		}

		public void setPeriod(Duration period) {
			this.period = period;
		}

	}

	/**
	 * Worker settings of one queue; each one left unset takes jobqueue.worker.*.
	 */
	public static class QueueWorker {

		/**
		 * Number of jobs of the queue that run at once.
		 */
		private @Nullable Integer concurrency;

		/**
		 * How long one blocking claim waits for a job.
		 */
		private @Nullable Duration claimTimeout;

		/**
		 * How long stopping waits for running jobs.
		 */
		private @Nullable Duration shutdownTimeout;

		/**
		 * Whether running jobs have their claims extended.
		 */
		private @Nullable Boolean leaseExtension;

		/**
		 * How long one attempt of a job of the queue may run before its thread is
		 * interrupted and the attempt fails.
		 */
		private @Nullable Duration executionTimeout;

		public @Nullable Duration getExecutionTimeout() {
			return this.executionTimeout;
		}

		public void setExecutionTimeout(@Nullable Duration executionTimeout) {
			this.executionTimeout = executionTimeout;
		}

		public @Nullable Integer getConcurrency() {
			return this.concurrency;
		}

		public void setConcurrency(@Nullable Integer concurrency) {
			this.concurrency = concurrency;
		}

		public @Nullable Duration getClaimTimeout() {
			return this.claimTimeout;
		}

		public void setClaimTimeout(@Nullable Duration claimTimeout) {
			this.claimTimeout = claimTimeout;
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

	}

	/**
	 * Retry settings of one queue; each one left unset takes jobqueue.retry.*.
	 */
	public static class QueueRetry {

		private final QueueBackoff backoff = new QueueBackoff();

		/**
		 * Exception types that fail a job of the queue for good at once (also as the
		 * cause of another exception), added to jobqueue.retry.not-retryable-exceptions.
		 */
		private List<Class<? extends Throwable>> notRetryableExceptions = new ArrayList<>();

		public QueueBackoff getBackoff() {
			return this.backoff;
		}

		public List<Class<? extends Throwable>> getNotRetryableExceptions() {
			return this.notRetryableExceptions;
		}

		public void setNotRetryableExceptions(List<Class<? extends Throwable>> notRetryableExceptions) {
			this.notRetryableExceptions = notRetryableExceptions;
		}

	}

	/**
	 * Back-off of one queue's retries; each one left unset takes
	 * jobqueue.retry.backoff.*.
	 */
	public static class QueueBackoff {

		/**
		 * Wait before the first retry; 0 retries at once, as the reference does.
		 */
		private @Nullable Duration delay;

		/**
		 * How much longer each next retry waits; 1 keeps the delay fixed.
		 */
		private @Nullable Double multiplier;

		/**
		 * Longest wait before a retry.
		 */
		private @Nullable Duration maxDelay;

		/**
		 * Random part added to or taken from the first wait, growing with the multiplier
		 * after it.
		 */
		private @Nullable Duration jitter;

		public @Nullable Duration getDelay() {
			return this.delay;
		}

		public void setDelay(@Nullable Duration delay) {
			this.delay = delay;
		}

		public @Nullable Double getMultiplier() {
			return this.multiplier;
		}

		public void setMultiplier(@Nullable Double multiplier) {
			this.multiplier = multiplier;
		}

		public @Nullable Duration getMaxDelay() {
			return this.maxDelay;
		}

		public void setMaxDelay(@Nullable Duration maxDelay) {
			this.maxDelay = maxDelay;
		}

		public @Nullable Duration getJitter() {
			return this.jitter;
		}

		public void setJitter(@Nullable Duration jitter) {
			this.jitter = jitter;
		}

	}

	/**
	 * Sweep settings of one queue; unset takes jobqueue.reclaimer.*.
	 */
	public static class QueueReclaimer {

		/**
		 * How often the queue's processing list is swept.
		 */
		private @Nullable Duration interval;

		public @Nullable Duration getInterval() {
			return this.interval;
		}

		public void setInterval(@Nullable Duration interval) {
			this.interval = interval;
		}

	}

	/**
	 * Enqueue settings of one queue; unset takes jobqueue.producer.*.
	 */
	public static class QueueProducer {

		/**
		 * Largest payload, as JSON, that enqueue accepts.
		 */
		private @Nullable DataSize maxPayloadSize;

		public @Nullable DataSize getMaxPayloadSize() {
			return this.maxPayloadSize;
		}

		public void setMaxPayloadSize(@Nullable DataSize maxPayloadSize) {
			this.maxPayloadSize = maxPayloadSize;
		}

	}

	/**
	 * One recurring schedule: a cron expression or a fixed rate, the queue its jobs go to
	 * and their payload.
	 */
	public static class Schedule {

		/**
		 * Whether the schedule runs; false keeps its definition but fires no tick.
		 */
		private boolean enabled = true;

		/**
		 * Queue the schedule's jobs go to.
		 */
		private @Nullable String queue;

		/**
		 * Kind of the schedule's jobs, written into the payload under
		 * jobqueue.worker.kind-field, so a kind-routed @JobHandler receives them.
		 */
		private @Nullable String kind;

		/**
		 * Spring cron expression (six fields, seconds first, or a macro such as @daily);
		 * set exactly one of cron and rate.
		 */
		private @Nullable String cron;

		/**
		 * Time zone the cron expression is read in.
		 */
		private String zone = "UTC";

		/**
		 * Fixed rate; ticks fall on whole multiples of it since the epoch. Set exactly
		 * one of cron and rate.
		 */
		private @Nullable Duration rate;

		/**
		 * Payload of every job, as JSON; a JSON object when kind is set too. Defaults to
		 * an object holding only the kind, or {} without a kind.
		 */
		private @Nullable String payload;

		/**
		 * What to do about ticks missed while no instance ran: run-once (one job for
		 * them) or skip.
		 */
		private MissedTickPolicy missedTicks = MissedTickPolicy.RUN_ONCE;

		public boolean isEnabled() {
			return this.enabled;
		}

		public void setEnabled(boolean enabled) {
			this.enabled = enabled;
		}

		public @Nullable String getQueue() {
			return this.queue;
		}

		public void setQueue(@Nullable String queue) {
			this.queue = queue;
		}

		public @Nullable String getKind() {
			return this.kind;
		}

		public void setKind(@Nullable String kind) {
			this.kind = kind;
		}

		public @Nullable String getCron() {
			return this.cron;
		}

		public void setCron(@Nullable String cron) {
			this.cron = cron;
		}

		public String getZone() {
			return this.zone;
		}

		public void setZone(String zone) {
			this.zone = zone;
		}

		public @Nullable Duration getRate() {
			return this.rate;
		}

		public void setRate(@Nullable Duration rate) {
			this.rate = rate;
		}

		public @Nullable String getPayload() {
			return this.payload;
		}

		public void setPayload(@Nullable String payload) {
			this.payload = payload;
		}

		public MissedTickPolicy getMissedTicks() {
			return this.missedTicks;
		}

		public void setMissedTicks(MissedTickPolicy missedTicks) {
			this.missedTicks = missedTicks;
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
		private String kindField = JobWorkerContainerFactory.DEFAULT_KIND_FIELD;

		/**
		 * Number of jobs of a queue that run at once in this application.
		 */
		private int concurrency = JobWorkerSettings.DEFAULT_CONCURRENCY;

		/**
		 * How long one blocking claim waits for a job when the queue is empty.
		 */
		private Duration claimTimeout = JobWorkerSettings.DEFAULT_CLAIM_TIMEOUT;

		/**
		 * How long stopping waits for running jobs before handing them back to pending.
		 */
		private Duration shutdownTimeout = JobWorkerSettings.DEFAULT_SHUTDOWN_TIMEOUT;

		/**
		 * Whether running jobs have their claims extended, so a sweep never takes a job
		 * from a live worker.
		 */
		private boolean leaseExtension = JobWorkerSettings.DEFAULT_LEASE_EXTENSION;

		/**
		 * How long one attempt of a job may run before its thread is interrupted and the
		 * attempt fails with "timed out after <timeout>" (retried as any failure); a
		 * handler that ignores the interrupt loses its lease, so its job is reclaimed.
		 * Unset for no limit; @JobHandler(timeout) and a job's own timeout override it.
		 */
		private @Nullable Duration executionTimeout;

		/**
		 * Whether each handler run is observed with Micrometer's ObservationRegistry (a
		 * span continuing the enqueue's trace, and a jobqueue.handler timer).
		 */
		private boolean observationEnabled;

		/**
		 * Whether worker threads put the queue and id of the running job into the SLF4J
		 * MDC, as jobqueue.queue and jobqueue.jobId.
		 */
		private boolean mdcEnabled = true;

		/**
		 * How the queues of this application wait for jobs: 'blocking' gives each queue a
		 * dispatcher thread blocked in BLMOVE on a connection of its own and a lease
		 * thread; 'shared' watches every pending list on one tracking connection (Redis 6
		 * client-side caching) and claims woken queues on four shared threads, so many
		 * idle queues cost neither threads, connections nor Redis commands. A queue whose
		 * arrivals cannot be watched (Jedis, a Redis Cluster, Redis before 6) claims by
		 * blocking either way.
		 */
		private ClaimMode claimMode = ClaimMode.BLOCKING;

		public ClaimMode getClaimMode() {
			return this.claimMode;
		}

		public void setClaimMode(ClaimMode claimMode) {
			this.claimMode = claimMode;
		}

		public boolean isObservationEnabled() {
			return this.observationEnabled;
		}

		public void setObservationEnabled(boolean observationEnabled) {
			this.observationEnabled = observationEnabled;
		}

		public boolean isMdcEnabled() {
			return this.mdcEnabled;
		}

		public void setMdcEnabled(boolean mdcEnabled) {
			this.mdcEnabled = mdcEnabled;
		}

		public @Nullable Duration getExecutionTimeout() {
			return this.executionTimeout;
		}

		public void setExecutionTimeout(@Nullable Duration executionTimeout) {
			this.executionTimeout = executionTimeout;
		}

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

		public int getConcurrency() {
			return this.concurrency;
		}

		public void setConcurrency(int concurrency) {
			this.concurrency = concurrency;
		}

		public Duration getClaimTimeout() {
			return this.claimTimeout;
		}

		public void setClaimTimeout(Duration claimTimeout) {
			this.claimTimeout = claimTimeout;
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

	}

	/**
	 * How failed attempts are retried.
	 */
	public static class Retry {

		private final Backoff backoff = new Backoff();

		/**
		 * Exception types that fail a job for good at once (also as the cause of another
		 * exception), besides NonRetryableJobException.
		 */
		private List<Class<? extends Throwable>> notRetryableExceptions = new ArrayList<>();

		public Backoff getBackoff() {
			return this.backoff;
		}

		public List<Class<? extends Throwable>> getNotRetryableExceptions() {
			return this.notRetryableExceptions;
		}

		public void setNotRetryableExceptions(List<Class<? extends Throwable>> notRetryableExceptions) {
			this.notRetryableExceptions = notRetryableExceptions;
		}

	}

	/**
	 * How long a retry waits in the delayed set before it is pending again: the delay,
	 * then multiplier times longer each time up to max-delay, each wait give or take a
	 * jitter that grows with it.
	 */
	public static class Backoff {

		/**
		 * Wait before the first retry; 0 retries at once, as the reference does.
		 */
		private Duration delay = JobRetrySettings.DEFAULT_DELAY;

		/**
		 * How much longer each next retry waits; 1 keeps the delay fixed.
		 */
		private double multiplier = JobRetrySettings.DEFAULT_MULTIPLIER;

		/**
		 * Longest wait before a retry.
		 */
		private Duration maxDelay = JobRetrySettings.DEFAULT_MAX_DELAY;

		/**
		 * Random part added to or taken from the first wait, growing with the multiplier
		 * after it; 0 for none.
		 */
		private Duration jitter = JobRetrySettings.DEFAULT_JITTER;

		public Duration getDelay() {
			return this.delay;
		}

		public void setDelay(Duration delay) {
			this.delay = delay;
		}

		public double getMultiplier() {
			return this.multiplier;
		}

		public void setMultiplier(double multiplier) {
			this.multiplier = multiplier;
		}

		public Duration getMaxDelay() {
			return this.maxDelay;
		}

		public void setMaxDelay(Duration maxDelay) {
			this.maxDelay = maxDelay;
		}

		public Duration getJitter() {
			return this.jitter;
		}

		public void setJitter(Duration jitter) {
			this.jitter = jitter;
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

		/**
		 * How often the processing list of a queue is swept for jobs whose visibility
		 * timeout expired.
		 */
		private Duration interval = QueueSettingsResolver.DEFAULT_RECLAIM_INTERVAL;

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

	/**
	 * Settings of enqueue.
	 */
	public static class Producer {

		/**
		 * Largest payload, as JSON, that enqueue accepts.
		 */
		private DataSize maxPayloadSize = DataSize.ofBytes(QueueSettings.DEFAULT_MAX_PAYLOAD_BYTES);

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

		/**
		 * Whether an enqueue inside a Spring-managed transaction is written to Redis
		 * after the commit, so that a rollback enqueues nothing.
		 */
		private boolean transactionAware = true;

		/**
		 * Whether each enqueue call is observed with Micrometer's ObservationRegistry (a
		 * span whose W3C trace context traced jobs carry in their traceparent field, and
		 * a jobqueue.enqueue timer).
		 */
		private boolean observationEnabled;

		public boolean isObservationEnabled() {
			return this.observationEnabled;
		}

		public void setObservationEnabled(boolean observationEnabled) {
			this.observationEnabled = observationEnabled;
		}

		public DataSize getMaxPayloadSize() {
			return this.maxPayloadSize;
		}

		public void setMaxPayloadSize(DataSize maxPayloadSize) {
			this.maxPayloadSize = maxPayloadSize;
		}

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

		public boolean isTransactionAware() {
			return this.transactionAware;
		}

		public void setTransactionAware(boolean transactionAware) {
			this.transactionAware = transactionAware;
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
	 * Settings of the jobqueue health indicator.
	 */
	public static class Health {

		/**
		 * How long a health check waits for Redis to answer before it reports the queues
		 * down.
		 */
		private Duration timeout = Duration.ofSeconds(2);

		/**
		 * Whether Spring Boot's redis health contributor is replaced by one that reports
		 * down when Redis has not answered within 1 s, so the aggregate health answers
		 * during a network black hole.
		 */
		private boolean boundedRedis = true;

		public Duration getTimeout() {
			return this.timeout;
		}

		public void setTimeout(Duration timeout) {
			this.timeout = timeout;
		}

		public boolean isBoundedRedis() {
			return this.boundedRedis;
		}

		public void setBoundedRedis(boolean boundedRedis) {
			this.boundedRedis = boundedRedis;
		}

	}

}
