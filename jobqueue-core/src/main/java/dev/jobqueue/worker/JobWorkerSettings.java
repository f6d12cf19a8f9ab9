package dev.jobqueue.worker;

import java.time.Duration;

import org.jspecify.annotations.Nullable;

import org.springframework.util.Assert;

/**
 * How the worker container of one queue runs: its concurrency, how long a claim blocks,
 * how long shutdown waits for running jobs, and whether running jobs get their claims
 * extended.
 *
 * @param concurrency how many jobs run at once
 * @param claimTimeout how long one blocking claim waits for a job when the queue is empty
 * @param shutdownTimeout how long stopping waits for running jobs before handing them
 * back
 * @param leaseExtension whether the claims of running jobs are extended, so a sweep never
 * takes a job from a live worker
 * @param autoStartup whether the container starts with the application context
 * @param executionTimeout how long one attempt of a job may run before its thread is
 * interrupted and the attempt fails, or null for no limit; a handler's or a job's own
 * timeout overrides it
 */
public record JobWorkerSettings(int concurrency, Duration claimTimeout, Duration shutdownTimeout,
		boolean leaseExtension, boolean autoStartup, @Nullable Duration executionTimeout) {

	/** Default number of jobs of a queue that run at once. */
	public static final int DEFAULT_CONCURRENCY = 4;

	/** Default time one blocking claim waits for a job. */
	public static final Duration DEFAULT_CLAIM_TIMEOUT = Duration.ofSeconds(1);

	/** Whether the claims of running jobs are extended by default. */
	public static final boolean DEFAULT_LEASE_EXTENSION = true;

	/**
	 * How long stopping waits for running jobs by default: well inside the 10 s that
	 * Spring's {@code DefaultLifecycleProcessor} gives a shutdown phase, so without
	 * Spring Boot the containers have handed unfinished jobs back before the phase of the
	 * Redis connection factory stops it. Spring Boot's {@code jobqueue.*} default uses
	 * this value too.
	 */
	public static final Duration DEFAULT_SHUTDOWN_TIMEOUT = Duration.ofSeconds(5);

	/**
	 * Creates settings after validating them.
	 * @param concurrency see the record description
	 * @param claimTimeout see the record description
	 * @param shutdownTimeout see the record description
	 * @param leaseExtension see the record description
	 * @param autoStartup see the record description
	 * @param executionTimeout see the record description
	 * @throws IllegalArgumentException naming the first invalid component
	 */
	public JobWorkerSettings {
		Assert.isTrue(concurrency > 0, () -> "concurrency must be positive, was " + concurrency);
		Assert.isTrue(claimTimeout != null && claimTimeout.toMillis() > 0,
				() -> "claimTimeout must be at least 1 ms, was " + claimTimeout);
		Assert.isTrue(shutdownTimeout != null && !shutdownTimeout.isNegative(),
				() -> "shutdownTimeout must not be negative, was " + shutdownTimeout);
		Assert.isTrue(executionTimeout == null || executionTimeout.toMillis() >= 1,
				() -> "executionTimeout must be at least 1 ms, was " + executionTimeout);
	}

	/**
	 * Creates settings without an execution timeout.
	 * @param concurrency see the record description
	 * @param claimTimeout see the record description
	 * @param shutdownTimeout see the record description
	 * @param leaseExtension see the record description
	 * @param autoStartup see the record description
	 * @throws IllegalArgumentException naming the first invalid component
	 */
	public JobWorkerSettings(int concurrency, Duration claimTimeout, Duration shutdownTimeout, boolean leaseExtension,
			boolean autoStartup) {
		this(concurrency, claimTimeout, shutdownTimeout, leaseExtension, autoStartup, null);
	}

	/**
	 * Returns the defaults: 4 workers, 1 s claims, {@link #DEFAULT_SHUTDOWN_TIMEOUT} to
	 * drain, leases extended, started with the context.
	 * @return the settings
	 */
	public static JobWorkerSettings defaults() {
		return new JobWorkerSettings(DEFAULT_CONCURRENCY, DEFAULT_CLAIM_TIMEOUT, DEFAULT_SHUTDOWN_TIMEOUT,
				DEFAULT_LEASE_EXTENSION, true);
	}

	/**
	 * Returns a copy with another concurrency.
	 * @param concurrency at least 1
	 * @return the new settings
	 */
	public JobWorkerSettings withConcurrency(int concurrency) {
		return new JobWorkerSettings(concurrency, this.claimTimeout, this.shutdownTimeout, this.leaseExtension,
				this.autoStartup, this.executionTimeout);
	}

	/**
	 * Returns a copy with another auto-startup flag.
	 * @param autoStartup whether to start with the context
	 * @return the new settings
	 */
	public JobWorkerSettings withAutoStartup(boolean autoStartup) {
		return new JobWorkerSettings(this.concurrency, this.claimTimeout, this.shutdownTimeout, this.leaseExtension,
				autoStartup, this.executionTimeout);
	}

	/**
	 * Returns a copy with another execution timeout.
	 * @param executionTimeout at least 1 ms, or null for no limit
	 * @return the new settings
	 */
	public JobWorkerSettings withExecutionTimeout(@Nullable Duration executionTimeout) {
		return new JobWorkerSettings(this.concurrency, this.claimTimeout, this.shutdownTimeout, this.leaseExtension,
				this.autoStartup, executionTimeout);
	}

}
