package dev.jobqueue.worker;

/**
 * How the worker containers of an application wait for jobs.
 */
public enum ClaimMode {

	/**
	 * Each queue's container has a dispatcher thread that waits in a blocking claim
	 * (BLMOVE) on a dedicated connection, and a lease thread: two threads and one
	 * connection per queue. Works on every Redis and client.
	 */
	BLOCKING,

	/**
	 * No thread waits per queue: one connection per application tracks writes to the
	 * pending lists (Redis client-side caching in broadcast mode), and a woken queue
	 * claims without blocking on a few threads that all queues share; one shared thread
	 * extends all leases. Idle queues send Redis nothing. Needs Lettuce and Redis 6 or
	 * later, standalone or with Sentinel; a queue that cannot be watched (Jedis, a Redis
	 * Cluster, an older Redis) claims as in {@link #BLOCKING} mode.
	 */
	SHARED

}
