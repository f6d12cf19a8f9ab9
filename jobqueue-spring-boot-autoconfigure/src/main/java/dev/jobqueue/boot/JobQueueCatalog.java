package dev.jobqueue.boot;

import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Supplier;

import dev.jobqueue.config.QueueSettingsResolver;
import dev.jobqueue.worker.JobHandlerEndpointRegistry;
import dev.jobqueue.worker.JobWorkerContainer;
import org.jspecify.annotations.Nullable;

/**
 * The queues an application knows (those configured one by one and those with a
 * {@code @JobHandler}), with their settings and worker containers, for the reclaimer, the
 * actuator endpoint, the health indicator and the meters.
 */
public final class JobQueueCatalog {

	private final QueueSettingsResolver settings;

	private final Supplier<@Nullable JobHandlerEndpointRegistry> registry;

	/**
	 * Creates the catalog.
	 * @param settings the settings of every queue
	 * @param registry the handler registry, supplying null in a producer-only application
	 */
	public JobQueueCatalog(QueueSettingsResolver settings, Supplier<@Nullable JobHandlerEndpointRegistry> registry) {
		this.settings = settings;
		this.registry = registry;
	}

	/**
	 * Returns every queue this application knows.
	 * @return the names, sorted
	 */
	public Set<String> getQueueNames() {
		Set<String> names = new TreeSet<>(this.settings.getConfiguredQueues());
		JobHandlerEndpointRegistry handlers = this.registry.get();
		if (handlers != null) {
			handlers.getContainers().forEach((container) -> names.add(container.getQueue()));
			names.addAll(handlers.getDisabledQueues());
		}
		return names;
	}

	/**
	 * Returns the queues this application sweeps and promotes delayed jobs of: every
	 * known queue that is not disabled, a sharded queue standing for its sub-queues.
	 * @return the names, sorted
	 */
	public Set<String> getEnabledQueueNames() {
		Set<String> names = new TreeSet<>();
		for (String name : getQueueNames()) {
			names.addAll(this.settings.getQueueShards().subQueues(name));
		}
		names.removeIf((name) -> !this.settings.isEnabled(name));
		return names;
	}

	/**
	 * Returns the settings of every queue.
	 * @return the resolver
	 */
	public QueueSettingsResolver getSettings() {
		return this.settings;
	}

	/**
	 * Returns the worker container of a queue.
	 * @param queue the queue name
	 * @return the container, or null when no handler of this application serves it
	 */
	public @Nullable JobWorkerContainer getContainer(String queue) {
		JobHandlerEndpointRegistry handlers = this.registry.get();
		return (handlers != null) ? handlers.getContainer(queue) : null;
	}

	/**
	 * Whether the worker containers are meant to run: the registry has started and not
	 * stopped.
	 * @return false before start, after stop, and in a producer-only application
	 */
	public boolean isWorkerRegistryRunning() {
		JobHandlerEndpointRegistry handlers = this.registry.get();
		return handlers != null && handlers.isRunning();
	}

	/**
	 * Returns the worker containers of this application.
	 * @return the containers, empty in a producer-only application
	 */
	public List<JobWorkerContainer> getContainers() {
		JobHandlerEndpointRegistry handlers = this.registry.get();
		return (handlers != null) ? handlers.getContainers() : List.of();
	}

}
