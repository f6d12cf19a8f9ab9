package dev.jobqueue.worker;

import java.time.Duration;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

import org.springframework.core.task.SimpleAsyncTaskExecutor;
import org.springframework.scheduling.concurrent.CustomizableThreadFactory;

/**
 * Creates and resizes the threads of one queue's container, all named
 * {@code jobqueue-<queue>-...}: the worker pool (platform or virtual threads), the lease
 * scheduler, and the dispatcher and stop threads.
 */
final class JobWorkerThreads {

	private final String prefix;

	private final boolean virtual;

	JobWorkerThreads(String queue, boolean virtual) {
		this.prefix = "jobqueue-" + queue + "-";
		this.virtual = virtual;
	}

	Executor workers(int size) {
		if (this.virtual) {
			SimpleAsyncTaskExecutor executor = new SimpleAsyncTaskExecutor(this.prefix + "worker-");
			executor.setVirtualThreads(true);
			return executor;
		}
		// The slots bound the jobs handed over. A hand-over never waits for a busy
		// thread:
		// a thread stuck in a handler that ignored its deadline has given its slot back,
		// and the job that takes the slot gets a new thread; idle extra threads end after
		// a minute.
		return new ThreadPoolExecutor(size, Integer.MAX_VALUE, 60, TimeUnit.SECONDS, new SynchronousQueue<>(),
				new CustomizableThreadFactory(this.prefix + "worker-"));
	}

	/**
	 * Resizes a worker pool; virtual threads need no resizing.
	 */
	static void resize(Executor workers, int previous, int size) {
		if (workers instanceof ThreadPoolExecutor pool) {
			pool.setCorePoolSize(size);
		}
	}

	ScheduledExecutorService leaseScheduler(Runnable task, Duration visibilityTimeout) {
		CustomizableThreadFactory threads = new CustomizableThreadFactory(this.prefix + "lease-");
		threads.setDaemon(true);
		ScheduledThreadPoolExecutor scheduler = new ScheduledThreadPoolExecutor(1, threads);
		scheduler.setRemoveOnCancelPolicy(true);
		long period = Math.max(visibilityTimeout.toMillis() / 3, 10);
		scheduler.scheduleWithFixedDelay(task, period, period, TimeUnit.MILLISECONDS);
		return scheduler;
	}

	/**
	 * Creates the scheduler of execution deadlines: one daemon thread, ended when idle.
	 */
	ScheduledThreadPoolExecutor deadlineScheduler() {
		CustomizableThreadFactory threads = new CustomizableThreadFactory(this.prefix + "deadline-");
		threads.setDaemon(true);
		ScheduledThreadPoolExecutor scheduler = new ScheduledThreadPoolExecutor(1, threads);
		scheduler.setRemoveOnCancelPolicy(true);
		scheduler.setKeepAliveTime(30, TimeUnit.SECONDS);
		scheduler.allowCoreThreadTimeOut(true);
		return scheduler;
	}

	Thread thread(String name, Runnable task) {
		Thread thread = new Thread(task, this.prefix + name);
		thread.setDaemon(false);
		return thread;
	}

}
