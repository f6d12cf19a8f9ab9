package dev.jobqueue.worker;

import java.time.Duration;
import java.util.concurrent.Executor;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
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

	/**
	 * Creates the worker pool.
	 * @param size the number of workers
	 * @param idleTimeout whether idle workers end after a minute (shared claims, where
	 * most of many queues are idle at any time)
	 */
	Executor workers(int size, boolean idleTimeout) {
		if (this.virtual) {
			SimpleAsyncTaskExecutor executor = new SimpleAsyncTaskExecutor(this.prefix + "worker-");
			executor.setVirtualThreads(true);
			return executor;
		}
		// The slots bound the jobs handed over, so the queue never holds more than the
		// free slots. A thread stuck in a handler that ignored its deadline gives its
		// slot back and the pool grows by one thread until it returns (see adjust).
		ThreadPoolExecutor pool = new ThreadPoolExecutor(size, size, 60, TimeUnit.SECONDS, new LinkedBlockingQueue<>(),
				new CustomizableThreadFactory(this.prefix + "worker-"));
		pool.allowCoreThreadTimeOut(idleTimeout);
		return pool;
	}

	/**
	 * Resizes a worker pool; virtual threads need no resizing.
	 */
	static void resize(Executor workers, int previous, int size) {
		if (workers instanceof ThreadPoolExecutor pool) {
			synchronized (pool) {
				// keep the threads added for stuck handlers
				setSize(pool, size + pool.getMaximumPoolSize() - previous);
			}
		}
	}

	/**
	 * Grows or shrinks a worker pool by a number of threads: one more for each handler
	 * stuck past its deadline, whose slot went to a new job, and one less when it
	 * returns.
	 */
	static void adjust(Executor workers, int delta) {
		if (workers instanceof ThreadPoolExecutor pool) {
			synchronized (pool) {
				setSize(pool, Math.max(1, pool.getMaximumPoolSize() + delta));
			}
		}
	}

	private static void setSize(ThreadPoolExecutor pool, int size) {
		if (size > pool.getMaximumPoolSize()) {
			pool.setMaximumPoolSize(size);
			pool.setCorePoolSize(size);
		}
		else {
			pool.setCorePoolSize(size);
			pool.setMaximumPoolSize(size);
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
