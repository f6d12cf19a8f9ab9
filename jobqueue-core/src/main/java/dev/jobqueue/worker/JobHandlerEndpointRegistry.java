package dev.jobqueue.worker;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;

import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.context.SmartLifecycle;

/**
 * Creates one {@link JobWorkerContainer} per queue from the registered
 * {@code @JobHandler} endpoints, starts them with the application context and stops them
 * all on shutdown, in parallel, so the context waits for the slowest queue only once.
 */
public final class JobHandlerEndpointRegistry implements SmartLifecycle, DisposableBean {

	/**
	 * Stops after the web server (which finishes its requests first) and before the Redis
	 * connection factory (phase 0), which the containers need until they have drained.
	 */
	public static final int DEFAULT_PHASE = SmartLifecycle.DEFAULT_PHASE - 4096;

	private final Map<String, JobWorkerContainer> containers = new LinkedHashMap<>();

	private final Set<String> disabledQueues = new LinkedHashSet<>();

	private volatile boolean running;

	/**
	 * Creates a container per queue for the given endpoints (per sub-queue of a sharded
	 * queue); a queue the factory reports disabled gets none. Called once all singletons
	 * exist; containers start with the registry.
	 * @param endpoints every handler
	 * @param factory the factory of the containers
	 * @throws IllegalStateException if two handlers claim the same route or a queue
	 * already has a container
	 */
	public synchronized void registerEndpoints(Collection<JobHandlerEndpoint> endpoints,
			JobWorkerContainerFactory factory) {
		Map<String, List<JobHandlerEndpoint>> byQueue = new LinkedHashMap<>();
		for (JobHandlerEndpoint endpoint : endpoints) {
			byQueue.computeIfAbsent(endpoint.queue(), (queue) -> new ArrayList<>()).add(endpoint);
		}
		byQueue.forEach((logical, handlers) -> {
			// a sharded queue gets one container per sub-queue
			for (String queue : factory.getSubQueues(logical)) {
				if (this.containers.containsKey(queue)) {
					throw new IllegalStateException("Queue '" + queue + "' already has a worker container");
				}
				JobWorkerContainer container = factory.createContainer(queue, handlers);
				if (factory.isEnabled(queue)) {
					this.containers.put(queue, container);
				}
				else {
					this.disabledQueues.add(queue);
				}
			}
		});
		if (this.running) {
			startContainers();
		}
	}

	/**
	 * Returns the container of a queue.
	 * @param queue the queue name
	 * @return the container, or null when no handler serves the queue here
	 */
	public synchronized @Nullable JobWorkerContainer getContainer(String queue) {
		return this.containers.get(queue);
	}

	/**
	 * Returns every container.
	 * @return the containers, in registration order
	 */
	public synchronized List<JobWorkerContainer> getContainers() {
		return List.copyOf(this.containers.values());
	}

	/**
	 * Returns the queues that have handlers but whose workers are disabled by
	 * configuration.
	 * @return the queue names
	 */
	public synchronized Set<String> getDisabledQueues() {
		return Set.copyOf(this.disabledQueues);
	}

	@Override
	public synchronized void start() {
		this.running = true;
		startContainers();
	}

	private void startContainers() {
		for (JobWorkerContainer container : this.containers.values()) {
			if (container.isAutoStartup()) {
				container.start();
			}
		}
	}

	@Override
	public void stop() {
		stopAndWait(this);
	}

	/**
	 * Stops a lifecycle through its asynchronous stop and waits for its callback, as
	 * {@link SmartLifecycle#stop()} does; an interrupt ends the wait and stays set.
	 * @param lifecycle the lifecycle to stop
	 */
	static void stopAndWait(SmartLifecycle lifecycle) {
		CountDownLatch done = new CountDownLatch(1);
		lifecycle.stop(done::countDown);
		try {
			done.await();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	@Override
	public void stop(Runnable callback) {
		List<JobWorkerContainer> toStop;
		synchronized (this) {
			this.running = false;
			toStop = List.copyOf(this.containers.values());
		}
		if (toStop.isEmpty()) {
			callback.run();
			return;
		}
		AtomicInteger remaining = new AtomicInteger(toStop.size());
		for (JobWorkerContainer container : toStop) {
			container.stop(() -> {
				if (remaining.decrementAndGet() == 0) {
					callback.run();
				}
			});
		}
	}

	@Override
	public boolean isRunning() {
		return this.running;
	}

	@Override
	public int getPhase() {
		return DEFAULT_PHASE;
	}

	/**
	 * Stops every container that still runs.
	 */
	@Override
	public void destroy() {
		if (this.running) {
			stop();
		}
	}

}
