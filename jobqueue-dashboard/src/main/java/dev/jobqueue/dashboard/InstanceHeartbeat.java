package dev.jobqueue.dashboard;

import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Clock;
import java.time.Duration;
import java.util.Collection;
import java.util.HexFormat;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.context.SmartLifecycle;
import org.springframework.dao.DataAccessException;

/**
 * Writes this application instance's heartbeat to the {@link InstanceRegistry} of every
 * queue it works, on its own thread, and takes it out of the registry when it stops.
 * Redis being down costs a logged warning per outage, never the application.
 */
public final class InstanceHeartbeat implements SmartLifecycle {

	private static final Log logger = LogFactory.getLog(InstanceHeartbeat.class);

	private final InstanceRegistry registry;

	private final Supplier<Collection<WorkedQueue>> queues;

	private final Duration interval;

	private final Clock clock;

	private final String host;

	private final long pid;

	private final String id;

	private final long startedAtMs;

	private final Set<String> registered = ConcurrentHashMap.newKeySet();

	private volatile @Nullable ScheduledExecutorService executor;

	private volatile boolean failing;

	/**
	 * Creates the heartbeat.
	 * @param registry the registry
	 * @param queues the queues this instance works now, with their workers
	 * @param interval the time between heartbeats; a heartbeat expires after three
	 * @param clock the clock of the instance's start time
	 */
	public InstanceHeartbeat(InstanceRegistry registry, Supplier<Collection<WorkedQueue>> queues, Duration interval,
			Clock clock) {
		this.registry = registry;
		this.queues = queues;
		this.interval = interval;
		this.clock = clock;
		this.host = hostName();
		this.pid = ManagementFactory.getRuntimeMXBean().getPid();
		this.id = this.host + ":" + this.pid + ":" + HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextInt());
		this.startedAtMs = clock.millis();
	}

	/**
	 * Returns the id this instance registers under.
	 * @return the id
	 */
	public String getInstanceId() {
		return this.id;
	}

	/**
	 * Writes one heartbeat for every queue this instance works now.
	 */
	public void beat() {
		try {
			for (WorkedQueue queue : this.queues.get()) {
				InstanceRegistry.Instance instance = new InstanceRegistry.Instance(this.id, this.host, this.pid,
						this.startedAtMs, queue.concurrency(), queue.active(), this.clock.millis());
				this.registry.heartbeat(queue.name(), instance, this.interval.multipliedBy(3));
				this.registered.add(queue.name());
			}
			if (this.failing) {
				logger.info("Instance heartbeats are written to Redis again");
				this.failing = false;
			}
		}
		catch (DataAccessException ex) {
			if (!this.failing) {
				logger.warn("Could not write this instance's heartbeat to Redis; retrying every " + this.interval, ex);
				this.failing = true;
			}
		}
	}

	@Override
	public void start() {
		ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor((task) -> {
			Thread thread = new Thread(task, "jobqueue-heartbeat");
			thread.setDaemon(true);
			return thread;
		});
		long millis = this.interval.toMillis();
		scheduler.scheduleWithFixedDelay(this::beat, 0, millis, TimeUnit.MILLISECONDS);
		this.executor = scheduler;
	}

	/**
	 * Stops the heartbeat and takes this instance out of the registries, waiting at most
	 * two seconds for Redis: a Redis that is down must not hold up shutdown, and the
	 * heartbeat expires by itself anyway.
	 */
	@Override
	public void stop() {
		ScheduledExecutorService scheduler = this.executor;
		this.executor = null;
		if (scheduler == null) {
			return;
		}
		scheduler.execute(this::removeAll);
		scheduler.shutdown();
		try {
			if (!scheduler.awaitTermination(2, TimeUnit.SECONDS)) {
				scheduler.shutdownNow();
			}
		}
		catch (InterruptedException ex) {
			scheduler.shutdownNow();
			Thread.currentThread().interrupt();
		}
	}

	private void removeAll() {
		for (String queue : this.registered) {
			try {
				this.registry.remove(queue, this.id);
			}
			catch (DataAccessException ex) {
				logger.debug("Could not remove this instance from the registry of '" + queue
						+ "'; its heartbeat expires by itself", ex);
			}
		}
		this.registered.clear();
	}

	@Override
	public boolean isRunning() {
		return this.executor != null;
	}

	private static String hostName() {
		try {
			return InetAddress.getLocalHost().getHostName();
		}
		catch (UnknownHostException ex) {
			return "unknown-host";
		}
	}

	/**
	 * A queue this instance works, with its workers now.
	 *
	 * @param name the queue name
	 * @param concurrency how many jobs may run at once
	 * @param active how many run now
	 */
	public record WorkedQueue(String name, int concurrency, int active) {
	}

}
