package dev.jobqueue.worker;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.function.Predicate;

import dev.jobqueue.JacksonJobPayloadConverter;
import dev.jobqueue.JobPayloadConverter;
import dev.jobqueue.JobWorkerProtocol;
import dev.jobqueue.QueueShards;
import org.jspecify.annotations.Nullable;

import org.springframework.util.Assert;

/**
 * Creates the {@link JobWorkerContainer} of a queue from its {@code @JobHandler}
 * endpoints, with the queue's {@link JobWorkerSettings}; an endpoint's own concurrency or
 * auto-startup overrides them. The Spring Boot auto-configuration defines one from the
 * {@code jobqueue.*} properties.
 */
public final class JobWorkerContainerFactory {

	/**
	 * The payload field that routes jobs to handlers by kind, as in the reference's
	 * payloads.
	 */
	public static final String DEFAULT_KIND_FIELD = "kind";

	private final JobWorkerProtocol operations;

	private JobPayloadConverter converter = new JacksonJobPayloadConverter();

	private Function<String, JobWorkerSettings> settings = (queue) -> JobWorkerSettings.defaults();

	private Function<String, JobRetrySettings> retrySettings = (queue) -> JobRetrySettings.immediate();

	private String kindField = DEFAULT_KIND_FIELD;

	private boolean virtualThreads;

	private JobErrorHandler errorHandler = new DefaultJobErrorHandler();

	private Predicate<String> enabledQueues = (queue) -> true;

	private QueueShards shards = QueueShards.none();

	private final List<JobExecutionListener> listeners = new ArrayList<>();

	private ClaimMode claimMode = ClaimMode.BLOCKING;

	private @Nullable SharedClaimThreads sharedThreads;

	/**
	 * Creates a factory with default settings for every queue.
	 * @param operations the queue operations the containers claim and complete with
	 */
	public JobWorkerContainerFactory(JobWorkerProtocol operations) {
		this.operations = operations;
	}

	/**
	 * Sets the converter that reads payloads into handler parameter types, usually one on
	 * the application's JSON mapper.
	 * @param converter the converter
	 */
	public void setConverter(JobPayloadConverter converter) {
		this.converter = converter;
	}

	/**
	 * Sets the worker settings of each queue.
	 * @param settings the settings by queue name; must not return null
	 */
	public void setSettings(Function<String, JobWorkerSettings> settings) {
		this.settings = settings;
	}

	/**
	 * Sets how the failed attempts of each queue's jobs are retried; a handler's own
	 * {@link JobHandlerEndpoint#retry()} applies over them. Without it a retry goes
	 * straight back to pending, as the reference's does.
	 * @param retrySettings the settings by queue name; must not return null
	 */
	public void setRetrySettings(Function<String, JobRetrySettings> retrySettings) {
		Assert.notNull(retrySettings, "retrySettings must not be null");
		this.retrySettings = retrySettings;
	}

	/**
	 * Returns the retry settings of a handler: its own over its queue's.
	 * @param endpoint the handler
	 * @return the settings
	 * @throws IllegalStateException naming the handler if they are invalid
	 */
	public JobRetrySettings getRetrySettings(JobHandlerEndpoint endpoint) {
		JobRetrySettings queue = this.retrySettings.apply(endpoint.queue());
		Assert.state(queue != null, () -> "No retry settings for queue '" + endpoint.queue() + "'");
		try {
			return endpoint.retry().applyTo(queue);
		}
		catch (IllegalArgumentException ex) {
			throw new IllegalStateException(
					"@JobHandler " + JobHandlerEndpoint.describe(endpoint.method()) + " retry: " + ex.getMessage(), ex);
		}
	}

	/**
	 * Sets the payload field whose text value routes a job to the handler declaring that
	 * kind.
	 * @param kindField the field name, not blank
	 */
	public void setKindField(String kindField) {
		Assert.hasText(kindField, "kindField must not be blank");
		this.kindField = kindField;
	}

	/**
	 * Sets the strategy that decides whether a job whose handler threw is retried.
	 * @param errorHandler the error handler, by default a {@link DefaultJobErrorHandler}
	 */
	public void setErrorHandler(JobErrorHandler errorHandler) {
		Assert.notNull(errorHandler, "errorHandler must not be null");
		this.errorHandler = errorHandler;
	}

	/**
	 * Returns the strategy that decides whether a job whose handler threw is retried.
	 * @return the error handler
	 */
	public JobErrorHandler getErrorHandler() {
		return this.errorHandler;
	}

	/**
	 * Sets whether handlers run on virtual threads (Java 21 or later).
	 * @param virtualThreads true for one virtual thread per running job
	 */
	public void setVirtualThreads(boolean virtualThreads) {
		this.virtualThreads = virtualThreads;
	}

	/**
	 * Sets how the containers created afterwards wait for jobs.
	 * @param claimMode {@link ClaimMode#BLOCKING} (the default) or
	 * {@link ClaimMode#SHARED}
	 */
	public void setClaimMode(ClaimMode claimMode) {
		Assert.notNull(claimMode, "claimMode must not be null");
		this.claimMode = claimMode;
	}

	/**
	 * Returns how the containers created from now on wait for jobs.
	 * @return the claim mode
	 */
	public ClaimMode getClaimMode() {
		return this.claimMode;
	}

	/**
	 * Returns the threads the containers of this factory share in shared mode, made on
	 * first use.
	 */
	private synchronized SharedClaimThreads sharedThreads() {
		SharedClaimThreads threads = this.sharedThreads;
		if (threads == null) {
			threads = new SharedClaimThreads();
			this.sharedThreads = threads;
		}
		return threads;
	}

	/**
	 * Sets which queues run workers in this application; handlers of the others are
	 * registered but get no container.
	 * @param enabledQueues whether a queue runs workers
	 */
	public void setEnabledQueues(Predicate<String> enabledQueues) {
		this.enabledQueues = enabledQueues;
	}

	/**
	 * Sets the sharded queues: the handlers of a sharded queue get one container per
	 * sub-queue.
	 * @param shards the shards of every queue
	 */
	public void setShards(QueueShards shards) {
		Assert.notNull(shards, "shards must not be null");
		this.shards = shards;
	}

	/**
	 * Returns the queues the handlers of a queue serve, one container each.
	 * @param queue the queue the handlers name
	 * @return its sub-queues when sharded, else the queue itself
	 */
	public List<String> getSubQueues(String queue) {
		return this.shards.subQueues(queue);
	}

	/**
	 * Whether a queue runs workers in this application.
	 * @param queue the queue name
	 * @return true unless disabled by {@link #setEnabledQueues}
	 */
	public boolean isEnabled(String queue) {
		return this.enabledQueues.test(queue);
	}

	/**
	 * Adds a listener called around every job of every container created afterwards.
	 * @param listener the listener
	 */
	public void addListener(JobExecutionListener listener) {
		this.listeners.add(listener);
	}

	/**
	 * Returns the worker settings of a queue without endpoint overrides.
	 * @param queue the queue name
	 * @return the settings
	 */
	public JobWorkerSettings getSettings(String queue) {
		JobWorkerSettings resolved = this.settings.apply(queue);
		Assert.state(resolved != null, () -> "No worker settings for queue '" + queue + "'");
		return resolved;
	}

	/**
	 * Creates the container of one queue.
	 * @param queue the queue name
	 * @param endpoints the handlers of that queue, at least one
	 * @return the container, not started
	 * @throws IllegalStateException if two handlers claim the same route, a handler's
	 * signature is invalid, or handlers ask for different concurrency or auto-startup
	 */
	public JobWorkerContainer createContainer(String queue, List<JobHandlerEndpoint> endpoints) {
		Assert.notEmpty(endpoints, "endpoints must not be empty");
		JobWorkerSettings resolved = getSettings(queue);
		Integer concurrency = single(queue, "concurrency",
				endpoints.stream().map(JobHandlerEndpoint::concurrency).toList());
		if (concurrency != null) {
			resolved = resolved.withConcurrency(concurrency);
		}
		Boolean autoStartup = single(queue, "autoStartup",
				endpoints.stream().map(JobHandlerEndpoint::autoStartup).toList());
		if (autoStartup != null) {
			resolved = resolved.withAutoStartup(autoStartup);
		}
		Duration queueTimeout = resolved.executionTimeout();
		JobRouter router = new JobRouter(queue, this.kindField, endpoints,
				(endpoint) -> getRetrySettings(endpoint).toRetryPolicy(),
				(endpoint) -> (endpoint.timeout() != null) ? endpoint.timeout() : queueTimeout);
		return new JobWorkerContainer(queue, this.operations, this.converter, router, this.errorHandler, resolved,
				this.virtualThreads, this.listeners, (this.claimMode == ClaimMode.SHARED) ? this::sharedThreads : null);
	}

	private static <T> T single(String queue, String attribute, List<T> values) {
		T found = null;
		for (T value : values) {
			if (value != null) {
				if (found != null && !found.equals(value)) {
					throw new IllegalStateException("@JobHandler methods of queue '" + queue + "' disagree on "
							+ attribute + ": " + found + " and " + value + "; set it once, or in the queue's settings");
				}
				found = value;
			}
		}
		return found;
	}

}
