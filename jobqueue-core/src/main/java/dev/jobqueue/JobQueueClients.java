package dev.jobqueue;

import java.time.Clock;
import java.time.Duration;
import java.util.function.Function;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.context.SmartLifecycle;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.util.Assert;

/**
 * Builds the three clients of a job queue on one Redis, sharing their per-queue settings
 * and counters: the {@link JobQueueTemplate} applications call, the {@link JobQueueAdmin}
 * operators call and the {@link JobWorkerProtocol} worker containers speak. With plain
 * Spring, declare this as a bean (it keeps the dedicated connections of blocking claims
 * and closes them on stop) and expose the three clients from it as beans
 * ({@code clients.template()}, ...):
 *
 * <pre class="code">
 * &#064;Bean
 * JobQueueClients jobQueueClients(RedisConnectionFactory connectionFactory) {
 *     return JobQueueClients.builder(connectionFactory).build();
 * }
 * </pre>
 *
 * Counters in {@link JobQueueAdmin#stats} belong to one instance, as the reference's do.
 */
public final class JobQueueClients implements SmartLifecycle, DisposableBean {

	private final ClientConnections connections;

	private final JobQueueTemplate template;

	private final JobQueueAdmin admin;

	private final JobWorkerProtocol workerProtocol;

	private final ScriptRunner runner;

	private volatile boolean running;

	private JobQueueClients(Builder builder) {
		ScriptRunner runner = new ScriptRunner(builder.redis, new JobQueueScripts(), builder.clock);
		runner.setMinuteCounters(builder.minuteCounters);
		this.runner = runner;
		QueueContexts queues = new QueueContexts(builder.settings, builder.flowControl);
		ClientConnections connections = new ClientConnections(builder.redis, runner, builder.converter);
		this.connections = connections;
		this.template = new JobQueueTemplate(runner, queues, builder.converter,
				DurableEnqueue.of(runner, connections.blocking, builder.replicas, builder.replicaTimeout),
				connections.waits, builder.shards);
		this.admin = ShardedJobQueueAdmin.of(new DefaultJobQueueAdmin(runner, queues), builder.shards);
		this.workerProtocol = new DefaultJobWorkerProtocol(runner, queues, builder.converter, connections.blocking,
				connections.events, connections.wakeups, connections::tracking);
	}

	/**
	 * Switches the fleet-wide per-minute counters on or off, at any time: the flows that
	 * complete, fail, retry and reclaim jobs then count them per queue and minute
	 * ({@code queue:Q:counts:<epoch minute>}, kept a day) for the dashboard. Off by
	 * default.
	 * @param minuteCounters whether to count
	 */
	public void setMinuteCounters(boolean minuteCounters) {
		this.runner.setMinuteCounters(minuteCounters);
	}

	/**
	 * @return whether the flows write the per-minute counters
	 */
	public boolean isMinuteCounters() {
		return this.runner.isMinuteCounters();
	}

	/**
	 * Starts a builder on a Redis template with {@code String} serializers.
	 * @param redis the Redis template
	 * @return the builder, with the reference's default settings for every queue, a
	 * default JSON mapper and the UTC system clock
	 */
	public static Builder builder(StringRedisTemplate redis) {
		Assert.notNull(redis, "redis must not be null");
		return new Builder(redis);
	}

	/**
	 * Starts a builder on a connection factory, with a {@link StringRedisTemplate} of its
	 * own (so an application's template with other serializers is never used).
	 * @param connectionFactory the connection factory
	 * @return the builder
	 */
	public static Builder builder(RedisConnectionFactory connectionFactory) {
		Assert.notNull(connectionFactory, "connectionFactory must not be null");
		return new Builder(new StringRedisTemplate(connectionFactory));
	}

	/**
	 * @return the client applications call to enqueue and look jobs up
	 */
	public JobQueueTemplate template() {
		return this.template;
	}

	/**
	 * @return the client operators and dashboards call
	 */
	public JobQueueAdmin admin() {
		return this.admin;
	}

	/**
	 * @return the protocol worker containers speak
	 */
	public JobWorkerProtocol workerProtocol() {
		return this.workerProtocol;
	}

	/**
	 * Closes the connections kept for blocking claims and durable enqueues, and the
	 * shared subscription of waits and worker cancellations; waits still open end with a
	 * {@link JobQueueException}.
	 */
	@Override
	public void destroy() {
		this.connections.close();
	}

	/**
	 * @return how many waits for job results are open, for diagnostics
	 */
	public int getOpenWaits() {
		return this.connections.waits.size();
	}

	/**
	 * Keeps dedicated connections again after a {@link #stop()}.
	 */
	@Override
	public void start() {
		this.connections.open();
		this.running = true;
	}

	/**
	 * Closes the idle dedicated connections, after the workers and before the connection
	 * factory stop (phase 0), so no pooled connection is left unreleased.
	 */
	@Override
	public void stop() {
		this.running = false;
		this.connections.close();
	}

	@Override
	public boolean isRunning() {
		return this.running;
	}

	/**
	 * Stops after the worker containers and the reclaimer, before the connection factory.
	 * @return the phase
	 */
	@Override
	public int getPhase() {
		return SmartLifecycle.DEFAULT_PHASE - 8192;
	}

	/**
	 * Collects what the clients are built from.
	 */
	public static final class Builder {

		private final StringRedisTemplate redis;

		private Function<String, QueueSettings> settings = QueueSettings::defaults;

		private Function<String, FlowControl> flowControl = (name) -> FlowControl.defaults();

		private JobPayloadConverter converter = new JacksonJobPayloadConverter();

		private Clock clock = Clock.systemUTC();

		private int replicas;

		private Duration replicaTimeout = Duration.ofSeconds(1);

		private boolean minuteCounters;

		private QueueShards shards = QueueShards.none();

		private Builder(StringRedisTemplate redis) {
			this.redis = redis;
		}

		/**
		 * Sets the settings of each queue by name.
		 * @param settings returns the settings of a queue, carrying that queue's name
		 * @return this builder
		 */
		public Builder settings(Function<String, QueueSettings> settings) {
			Assert.notNull(settings, "settings must not be null");
			this.settings = settings;
			return this;
		}

		/**
		 * Sets the flow control of each queue by name: priority levels, LIFO, rate and
		 * concurrency limits (see {@link FlowControl}); {@link FlowControl#defaults()}
		 * unless set.
		 * @param flowControl returns the flow control of a queue
		 * @return this builder
		 */
		public Builder flowControl(Function<String, FlowControl> flowControl) {
			Assert.notNull(flowControl, "flowControl must not be null");
			this.flowControl = flowControl;
			return this;
		}

		/**
		 * Sets the JSON converter of payloads and results.
		 * @param converter the converter
		 * @return this builder
		 */
		public Builder converter(JobPayloadConverter converter) {
			Assert.notNull(converter, "converter must not be null");
			this.converter = converter;
			return this;
		}

		/**
		 * Sets the clock of every timestamp written, as the reference uses the client's
		 * clock.
		 * @param clock the clock
		 * @return this builder
		 */
		public Builder clock(Clock clock) {
			Assert.notNull(clock, "clock must not be null");
			this.clock = clock;
			return this;
		}

		/**
		 * Makes every enqueue durable against a failover: the template sends
		 * {@code WAIT replicas timeout} after writing the jobs, on the same dedicated
		 * connection, and throws unless that many replicas acknowledged them (replication
		 * is otherwise asynchronous). Not for Redis Cluster connections.
		 * @param replicas how many replicas must have the jobs; 0 switches the check off
		 * @param timeout how long to wait for them, at least 1 ms
		 * @return this builder
		 * @throws IllegalArgumentException if replicas is negative or the timeout is not
		 * positive
		 */
		public Builder enqueueReplicas(int replicas, Duration timeout) {
			Assert.isTrue(replicas >= 0, () -> "replicas must not be negative, was " + replicas);
			Assert.isTrue(timeout != null && timeout.toMillis() > 0,
					() -> "timeout must be at least 1 ms, was " + timeout);
			this.replicas = replicas;
			this.replicaTimeout = timeout;
			return this;
		}

		/**
		 * Sets whether the flows write the fleet-wide per-minute counters the dashboard
		 * charts (see {@link JobQueueClients#setMinuteCounters}).
		 * @param minuteCounters whether to count; off by default
		 * @return this builder
		 */
		public Builder minuteCounters(boolean minuteCounters) {
			this.minuteCounters = minuteCounters;
			return this;
		}

		/**
		 * Sets the sharded queues (see {@link QueueShards}): the template spreads and
		 * finds a sharded queue's jobs by id, the admin answers for the logical queue.
		 * Each sub-queue's settings come from {@link #settings} under its name, and must
		 * be hash-tagged, as {@link dev.jobqueue.config.QueueSettingsResolver} makes
		 * them.
		 * @param shards the shards of every queue; {@link QueueShards#none()} unless set
		 * @return this builder
		 */
		public Builder shards(QueueShards shards) {
			Assert.notNull(shards, "shards must not be null");
			this.shards = shards;
			return this;
		}

		/**
		 * Builds the clients.
		 * @return the clients
		 */
		public JobQueueClients build() {
			return new JobQueueClients(this);
		}

	}

}
