package dev.jobqueue.dashboard;

import java.util.List;
import java.util.Map;

import dev.jobqueue.ClaimedJob;
import dev.jobqueue.JobQueueAdmin;
import dev.jobqueue.JobQueueOperations;
import dev.jobqueue.JobWorkerProtocol;
import dev.jobqueue.test.RedisTestServer;
import dev.jobqueue.test.RedisTestServers;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.sync.RedisCommands;
import org.junit.jupiter.api.BeforeAll;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The running test application on the shared test Redis, with the queues the tests fill:
 * {@link #QUEUE} for pages and actions, {@link #WORK} worked by a handler of the
 * application, and {@link #BIG} for a long failed list; {@link #SCHEDULE} is a recurring
 * schedule on {@link #QUEUE}. Subclasses share one context.
 */
@SpringBootTest(classes = DashboardTestApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "jobqueue.dashboard.actions.enabled=true",
				"management.endpoint.jobqueue.show-values=when-authorized",
				"management.endpoint.jobqueue.roles=JOBQUEUE_ADMIN", "jobqueue.max-attempts=1",
				"jobqueue.dashboard.heartbeat.interval=500ms" })
abstract class DashboardTestSupport {

	static final String RUN = "d" + ProcessHandle.current().pid();

	static final String QUEUE = RUN + "-orders";

	static final String WORK = RUN + "-work";

	static final String BIG = RUN + "-big";

	static final String SCHEDULE = "yearly-orders";

	private static RedisCommands<String, String> commands;

	@LocalServerPort
	int port;

	@Autowired
	JobQueueOperations jobs;

	@Autowired
	JobQueueAdmin admin;

	@Autowired
	JobWorkerProtocol worker;

	private static boolean historyWritten;

	/**
	 * Writes the past hour's counters of {@link #QUEUE} before the application starts:
	 * the console reads a finished minute once and keeps it, as such a minute no longer
	 * changes.
	 */
	@BeforeAll
	static synchronized void writeHistoryBeforeTheApplicationReadsIt() {
		if (!historyWritten) {
			pastHour(QUEUE);
			historyWritten = true;
		}
	}

	@DynamicPropertySource
	static void redisProperties(DynamicPropertyRegistry registry) {
		RedisTestServer server = RedisTestServers.shared();
		registry.add("spring.data.redis.url", server::uri);
		registry.add("test.work-queue", () -> WORK);
		registry.add("jobqueue.dashboard.queues", () -> QUEUE + "," + BIG);
		// a recurring schedule whose ticks never come during a test: only a trigger runs
		// it
		registry.add("jobqueue.schedules." + SCHEDULE + ".queue", () -> QUEUE);
		registry.add("jobqueue.schedules." + SCHEDULE + ".cron", () -> "0 0 3 1 1 *");
		registry.add("jobqueue.schedules." + SCHEDULE + ".payload", () -> "{\"order\":99,\"card\":\"secret-card-99\"}");
	}

	static synchronized RedisCommands<String, String> redis() {
		if (commands == null) {
			RedisClient client = RedisTestServers.shared().newLettuceClient();
			commands = client.connect().sync();
		}
		return commands;
	}

	String url(String path) {
		return "http://127.0.0.1:" + this.port + "/jobqueue" + path;
	}

	/**
	 * Writes an hour of per-minute counters for a queue before this minute, as workers
	 * elsewhere in the fleet would have, so the charts have something to show.
	 */
	static void pastHour(String queue) {
		long now = System.currentTimeMillis() / 60_000;
		for (int ago = 1; ago < 60; ago++) {
			String counts = key(queue, "counts:" + (now - ago));
			long completed = 40 + Math.round(30 * Math.sin(ago / 6.0)) + (ago % 7) * 3;
			redis().hset(counts,
					Map.of("completed", String.valueOf(completed), "failed",
							String.valueOf((ago % 9 == 0) ? 6 : ago % 3), "retried", String.valueOf(ago % 4),
							"reclaimed", String.valueOf((ago % 15 == 0) ? 2 : 0)));
			redis().expire(counts, 3600);
		}
	}

	/**
	 * Sums one counter of a queue over the last hour, as Redis holds it.
	 */
	static long hourTotal(String queue, String field) {
		long now = System.currentTimeMillis() / 60_000;
		long total = 0;
		for (long minute = now - 59; minute <= now; minute++) {
			String value = redis().hget(key(queue, "counts:" + minute), field);
			total += (value != null) ? Long.parseLong(value) : 0;
		}
		return total;
	}

	static String key(String queue, String suffix) {
		return "queue:" + queue + ":" + suffix;
	}

	/**
	 * Empties {@link #QUEUE} and fills it: 2 pending, 1 processing, 1 completed and 2
	 * failed jobs (the queue allows one attempt).
	 * @return the ids: pending, pending, processing, completed, failed, failed
	 */
	List<String> seed() {
		this.admin.purge(QUEUE);
		List<String> ids = this.jobs.enqueueAll(QUEUE,
				List.of(order(1), order(2), order(3), order(4), order(5), order(6)));
		List<ClaimedJob> claimed = this.worker.claimAvailable(QUEUE, 4);
		assertThat(claimed).hasSize(4);
		this.worker.complete(claimed.get(0), Map.of("shipped", true));
		this.worker.fail(claimed.get(1), "card declined: secret-card-4242");
		this.worker.fail(claimed.get(2), "warehouse offline");
		return List.of(ids.get(4), ids.get(5), claimed.get(3).id(), claimed.get(0).id(), claimed.get(1).id(),
				claimed.get(2).id());
	}

	static Map<String, Object> order(int number) {
		return Map.of("order", number, "card", "secret-card-" + number);
	}

}
