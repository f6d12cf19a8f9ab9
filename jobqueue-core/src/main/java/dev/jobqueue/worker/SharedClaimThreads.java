package dev.jobqueue.worker;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

import org.springframework.scheduling.concurrent.CustomizableThreadFactory;

/**
 * The threads every queue's container shares in {@link ClaimMode#SHARED} mode, however
 * many queues there are: {@value #CLAIM_THREADS} threads that run the non-blocking claims
 * of woken queues ({@code jobqueue-claim-N}), and one scheduler thread that extends the
 * leases of all queues' running jobs and runs the delayed looks of queues held back by a
 * limit or an outage ({@code jobqueue-lease-N}). Daemon threads that end when idle, so
 * nothing needs to close them.
 */
final class SharedClaimThreads {

	/** How many threads run claims for all queues. */
	static final int CLAIM_THREADS = 4;

	private final ThreadPoolExecutor claims;

	private final ScheduledThreadPoolExecutor scheduler;

	SharedClaimThreads() {
		CustomizableThreadFactory claimThreads = new CustomizableThreadFactory("jobqueue-claim-");
		claimThreads.setDaemon(true);
		this.claims = new ThreadPoolExecutor(CLAIM_THREADS, CLAIM_THREADS, 30, TimeUnit.SECONDS,
				new LinkedBlockingQueue<>(), claimThreads);
		this.claims.allowCoreThreadTimeOut(true);
		CustomizableThreadFactory schedulerThreads = new CustomizableThreadFactory("jobqueue-lease-");
		schedulerThreads.setDaemon(true);
		this.scheduler = new ScheduledThreadPoolExecutor(1, schedulerThreads);
		this.scheduler.setRemoveOnCancelPolicy(true);
		this.scheduler.setKeepAliveTime(30, TimeUnit.SECONDS);
		this.scheduler.allowCoreThreadTimeOut(true);
	}

	ExecutorService claims() {
		return this.claims;
	}

	ScheduledExecutorService scheduler() {
		return this.scheduler;
	}

}
