package dev.jobqueue.reliability;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import dev.jobqueue.ClaimedJob;
import dev.jobqueue.JobQueueClients;
import dev.jobqueue.JobQueueException;
import dev.jobqueue.JobWorkerProtocol;

import org.springframework.data.redis.connection.RedisStandaloneConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.core.StringRedisTemplate;

/**
 * A worker JVM for the lifecycle tests, on the core API: each job's payload is a number
 * {@code n}. {@code n >= 0}: report 50 % progress, then complete with {@code {"doubled":
 * 2n}}. {@code n == -1}: fail for good with {@code "negative: -1"}. {@code n == -2}: run
 * until the job is cancelled (told through the cancel channel), then try to complete it
 * anyway and print whether that late completion was refused.
 * <p>
 * Arguments: {@code port queue threads}. Prints {@code READY <pid>} once it listens.
 */
public final class LifecycleWorkerMain {

	private LifecycleWorkerMain() {
	}

	/**
	 * Runs the worker.
	 * @param args port, queue, threads
	 */
	public static void main(String[] args) {
		int port = Integer.parseInt(args[0]);
		String queue = args[1];
		int threads = Integer.parseInt(args[2]);
		LettuceConnectionFactory factory = new LettuceConnectionFactory(
				new RedisStandaloneConfiguration("127.0.0.1", port));
		factory.afterPropertiesSet();
		factory.start();
		JobQueueClients clients = JobQueueClients.builder(new StringRedisTemplate(factory)).build();
		JobWorkerProtocol worker = clients.workerProtocol();
		Set<String> cancelled = ConcurrentHashMap.newKeySet();
		worker.listenForCancellations(queue, (id) -> {
			cancelled.add(id);
			System.out.println("TOLD CANCELLED " + id);
		});
		for (int i = 0; i < threads; i++) {
			Thread thread = new Thread(() -> work(worker, queue, cancelled), "lifecycle-worker-" + i);
			thread.start();
		}
		worker.settings(queue);
		System.out.println("READY " + ProcessHandle.current().pid());
	}

	private static void work(JobWorkerProtocol worker, String queue, Set<String> cancelled) {
		while (true) {
			try {
				Optional<ClaimedJob> claimed = worker.claim(queue, Duration.ofMillis(500));
				if (claimed.isEmpty()) {
					continue;
				}
				ClaimedJob job = claimed.get();
				long n = Long.parseLong(job.payload());
				if (n == -1) {
					worker.fail(job, "negative: -1", false);
				}
				else if (n == -2) {
					long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
					while (!cancelled.contains(job.id()) && System.nanoTime() < deadline) {
						Thread.sleep(20);
					}
					System.out.println("LATE COMPLETION " + (worker.complete(job, "late") ? "ACCEPTED" : "REFUSED")
							+ " " + job.id());
				}
				else {
					worker.reportProgress(job, 50, "{\"n\":" + n + "}");
					worker.complete(job, Map.of("doubled", 2 * n));
				}
			}
			catch (JobQueueException ex) {
				System.out.println("REDIS ERROR " + ex.getMessage());
			}
			catch (InterruptedException ex) {
				return;
			}
		}
	}

}
