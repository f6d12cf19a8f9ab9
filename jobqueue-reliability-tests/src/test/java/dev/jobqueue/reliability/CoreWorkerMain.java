package dev.jobqueue.reliability;

import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;

import dev.jobqueue.ClaimedJob;
import dev.jobqueue.JobQueueException;
import dev.jobqueue.JobQueueClients;
import dev.jobqueue.QueueSettings;

import org.springframework.data.redis.connection.RedisStandaloneConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.core.StringRedisTemplate;

/**
 * A worker process on the core API, started by the crash tests in its own JVM: worker
 * threads claim, record each execution, work a few milliseconds and complete; one thread
 * extends the leases of running jobs and one sweeps stale jobs, as a deployed worker
 * would. It runs until it is killed.
 * <p>
 * Arguments: {@code port queue threads visibilityMillis workMillis}. Every execution is
 * appended to the list {@link #runsKey(String)} as {@code "<id> <pid>"} before the work,
 * and every successful complete to {@link #doneKey(String)}, so the test can count
 * executions per job and tell which were cut short by a kill. Prints {@code READY} once
 * it has talked to Redis.
 */
public final class CoreWorkerMain {

	private CoreWorkerMain() {
	}

	static String runsKey(String queue) {
		return "reliability:" + queue + ":runs";
	}

	static String doneKey(String queue) {
		return "reliability:" + queue + ":done";
	}

	static QueueSettings settings(String queue, Duration visibility) {
		// five attempts: a job caught by three kills in a row would otherwise be failed
		// for good, a
		// defined outcome but not the one this test measures
		return QueueSettings.defaults(queue)
			.withVisibilityTimeout(visibility)
			.withMaxAttempts(5)
			.withFinishedTtl(Duration.ofHours(1));
	}

	/**
	 * Runs the worker.
	 * @param args port, queue, threads, visibility in ms, work in ms
	 */
	public static void main(String[] args) {
		int port = Integer.parseInt(args[0]);
		String queue = args[1];
		int threads = Integer.parseInt(args[2]);
		Duration visibility = Duration.ofMillis(Long.parseLong(args[3]));
		long workMillis = Long.parseLong(args[4]);
		String pid = String.valueOf(ProcessHandle.current().pid());

		LettuceConnectionFactory factory = new LettuceConnectionFactory(
				new RedisStandaloneConfiguration("127.0.0.1", port));
		factory.afterPropertiesSet();
		factory.start();
		StringRedisTemplate redis = new StringRedisTemplate(factory);
		JobQueueClients jobs = JobQueueClients.builder(redis).settings((name) -> settings(name, visibility)).build();
		Set<ClaimedJob> running = ConcurrentHashMap.newKeySet();

		for (int i = 0; i < threads; i++) {
			Thread worker = new Thread(() -> {
				while (true) {
					try {
						Optional<ClaimedJob> claimed = jobs.workerProtocol().claim(queue, Duration.ofMillis(500));
						if (claimed.isEmpty()) {
							continue;
						}
						ClaimedJob job = claimed.get();
						running.add(job);
						redis.opsForList().rightPush(runsKey(queue), job.id() + " " + pid);
						Thread.sleep(workMillis + ThreadLocalRandom.current().nextLong(workMillis + 1));
						Map<String, Object> result = new HashMap<>();
						result.put("pid", pid);
						if (jobs.workerProtocol().complete(job, result)) {
							redis.opsForList().rightPush(doneKey(queue), job.id() + " " + pid);
						}
						else {
							System.out.println("CLAIM LOST " + job.id());
						}
						running.remove(job);
					}
					catch (JobQueueException ex) {
						System.out.println("REDIS ERROR " + ex.getMessage());
						pause(100);
					}
					catch (InterruptedException ex) {
						return;
					}
				}
			}, "worker-" + i);
			worker.start();
		}
		Thread leases = new Thread(() -> {
			while (true) {
				pause(visibility.toMillis() / 3);
				try {
					List<ClaimedJob> snapshot = List.copyOf(running);
					if (!snapshot.isEmpty()) {
						jobs.workerProtocol().extendLeases(snapshot);
					}
				}
				catch (JobQueueException ex) {
					System.out.println("REDIS ERROR " + ex.getMessage());
				}
			}
		}, "leases");
		leases.setDaemon(true);
		leases.start();
		Thread reclaimer = new Thread(() -> {
			while (true) {
				pause(visibility.toMillis() / 4);
				try {
					jobs.admin().reclaimStuck(queue);
				}
				catch (JobQueueException ex) {
					System.out.println("REDIS ERROR " + ex.getMessage());
				}
			}
		}, "reclaimer");
		reclaimer.setDaemon(true);
		reclaimer.start();
		jobs.admin().stats(queue);
		System.out.println("READY " + pid);
	}

	private static void pause(long millis) {
		try {
			Thread.sleep(millis);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

}
