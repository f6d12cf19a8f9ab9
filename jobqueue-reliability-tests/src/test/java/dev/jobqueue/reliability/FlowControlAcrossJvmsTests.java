package dev.jobqueue.reliability;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

import dev.jobqueue.JobOptions;
import dev.jobqueue.JobQueueClients;
import dev.jobqueue.QueueKeys;
import dev.jobqueue.QueueSettings;
import dev.jobqueue.test.RedisServerOptions;
import dev.jobqueue.test.RedisTestServer;
import dev.jobqueue.test.RedisTestServers;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.core.StringRedisTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Flow control across worker JVMs on the starter ({@link FlowWorkerMain}): the rate
 * limit, the concurrency limits and pause are enforced in Redis for every instance at
 * once. Each worker records what it started in Redis, and the test computes from those
 * records afterwards; it never asserts on time windows of its own thread.
 */
class FlowControlAcrossJvmsTests {

	private static final Duration READY = Duration.ofMinutes(3);

	private RedisTestServer server;

	private LettuceConnectionFactory factory;

	private StringRedisTemplate redis;

	private JobQueueClients clients;

	private final List<WorkerProcess> workers = new ArrayList<>();

	private Path dir;

	private String queue;

	@BeforeEach
	void start() {
		this.server = RedisTestServers.startOwned(RedisServerOptions.defaults());
		this.factory = this.server.newConnectionFactory();
		this.redis = new StringRedisTemplate(this.factory);
		this.clients = JobQueueClients.builder(this.redis).build();
		this.dir = RedisNodes.newDirectory("flow-control");
		this.queue = "flow-" + ProcessHandle.current().pid() + "-" + System.nanoTime();
	}

	@AfterEach
	void stop() {
		for (WorkerProcess worker : this.workers) {
			if (worker.isAlive()) {
				worker.kill(Duration.ofSeconds(10));
			}
		}
		this.clients.destroy();
		this.factory.destroy();
		this.server.close();
	}

	private List<WorkerProcess> startWorkers(int jvms, int threads, long workMillis, String... properties) {
		List<WorkerProcess> started = new ArrayList<>();
		for (int i = 0; i < jvms; i++) {
			List<String> args = new ArrayList<>(List.of("--spring.data.redis.port=" + this.server.port(),
					"--flow.queue=" + this.queue, "--flow.work-ms=" + workMillis,
					"--jobqueue.worker.concurrency=" + threads, "--jobqueue.worker.claim-timeout=1s",
					"--jobqueue.visibility-timeout=30s", "--jobqueue.finished-ttl=3600",
					"--spring.main.banner-mode=off", "--logging.level.root=WARN"));
			for (String property : properties) {
				args.add("--jobqueue.queues." + this.queue + "." + property);
			}
			WorkerProcess worker = WorkerProcess.start(this.dir, this.queue + "-" + this.workers.size(),
					FlowWorkerMain.class, args);
			this.workers.add(worker);
			started.add(worker);
		}
		await("workers ready").atMost(READY).until(() -> started.stream().allMatch(WorkerProcess::isReady));
		return started;
	}

	private List<String> enqueue(int count, JobOptions options, String group) {
		List<Object> payloads = IntStream.range(0, count)
			.mapToObj((i) -> (Object) ((group != null) ? Map.of("n", i, "group", group) : Map.of("n", i)))
			.toList();
		return this.clients.template().enqueueAll(this.queue, payloads, options);
	}

	private List<String> range(String key) {
		List<String> values = this.redis.opsForList().range(key, 0, -1);
		return (values != null) ? values : List.of();
	}

	private long size(String key) {
		Long size = this.redis.opsForList().size(key);
		return (size != null) ? size : 0;
	}

	private static int max(List<String> samples) {
		return samples.stream().mapToInt(Integer::parseInt).max().orElse(0);
	}

	@Test
	void threeJvmsWithEightWorkersEachStartAtMostTheRateLimit() {
		int permits = 50;
		long seconds = 20;
		// the jobs arrive once every worker JVM is up, so that no JVM's startup takes the
		// CPU from the others during the measurement
		startWorkers(3, 8, 5, "rate-limit.permits=" + permits, "rate-limit.period=1s");
		enqueue((int) (permits * (seconds + 4)), JobOptions.none(), null);
		String starts = FlowWorkerMain.startsKey(this.queue);

		// wait until the starts cover the measured period (however long a loaded machine
		// takes), then compute on the recorded start times
		await("starts over " + seconds + " s").atMost(Duration.ofMinutes(5))
			.pollInterval(Duration.ofMillis(500))
			.until(() -> {
				List<Long> times = sorted(range(starts), 0);
				return times.size() > 1 && times.get(times.size() - 1) - times.get(0) >= seconds * 1000;
			});
		List<String> records = range(starts);
		List<Long> times = sorted(records, 0);
		long first = times.get(0);
		long inPeriod = times.stream().filter((t) -> t < first + seconds * 1000).count();
		int logged = maxInWindow(times, 1000);
		int claimants = maxInWindow(sorted(records, 1), 1000);
		// how late each permit was taken again after it became free: the start permits
		// places earlier, plus one period; what a sliding window loses per period
		List<Long> reuse = IntStream.range(permits, times.size())
			.mapToObj((i) -> times.get(i) - times.get(i - permits) - 1000)
			.sorted()
			.toList();
		System.out.println("RELIABILITY: rate limit " + permits + "/s, 3 JVMs x 8 workers: " + inPeriod
				+ " starts in the first " + seconds + " s (" + (inPeriod / (double) seconds) + "/s), at most " + logged
				+ " in any 1 s window of the limiter's times, " + claimants
				+ " of the claimants' clocks (which may read earlier than the limiter's time by the delay"
				+ " between reading the clock and the claim running); a freed permit was taken again after "
				+ reuse.get(reuse.size() / 2) + " ms (median), " + reuse.get(reuse.size() * 9 / 10) + " ms (p90)");
		assertThat(logged).as("starts in any window of 1 s").isLessThanOrEqualTo(permits);
		// a waiting worker counts its wait from the clock its claim sent, so a permit is
		// taken again as soon as it is free plus the worker's wake-up: within 5 % of the
		// limit over the run (the bound), never above it
		assertThat(inPeriod).as("starts in %d s", seconds)
			.isBetween((long) Math.ceil(permits * seconds * 0.95), permits * seconds);
	}

	private static List<Long> sorted(List<String> records, int field) {
		return records.stream().map((record) -> Long.parseLong(record.split(" ")[field])).sorted().toList();
	}

	private static int maxInWindow(List<Long> times, long window) {
		int max = 0;
		int end = 0;
		for (int start = 0; start < times.size(); start++) {
			while (end < times.size() && times.get(end) < times.get(start) + window) {
				end++;
			}
			max = Math.max(max, end - start);
		}
		return max;
	}

	@Test
	void aConcurrencyLimitOfFiveHoldsAcrossThreeJvms() {
		List<String> ids = enqueue(300, JobOptions.none(), null);
		startWorkers(3, 8, 30, "max-concurrency=5");
		QueueKeys keys = QueueSettings.defaults(this.queue).keys();
		List<Long> processing = new ArrayList<>();

		await("all done").atMost(Duration.ofMinutes(5)).pollInterval(Duration.ofMillis(20)).until(() -> {
			processing.add(size(keys.processing()));
			return new HashSet<>(range(FlowWorkerMain.doneKey(this.queue))).size() == ids.size();
		});

		List<String> samples = range(FlowWorkerMain.samplesKey(this.queue));
		System.out.println("RELIABILITY: concurrency limit 5, 3 JVMs x 8 workers: at most " + max(samples)
				+ " running in the handlers' samples, " + processing.stream().mapToLong(Long::longValue).max().orElse(0)
				+ " in processing in " + processing.size() + " samples");
		assertThat(samples).hasSize(ids.size());
		assertThat(max(samples)).isLessThanOrEqualTo(5).isPositive();
		assertThat(processing).allSatisfy((depth) -> assertThat(depth).isLessThanOrEqualTo(5));
	}

	@Test
	void twentyHighJobsRunBeforeTwoHundredLowOnesWithOneWorker() {
		List<String> low = enqueue(200, JobOptions.priority(JobOptions.LOW), null);
		List<String> high = enqueue(20, JobOptions.priority(JobOptions.HIGH), null);
		startWorkers(1, 1, 1);

		await("all done").atMost(Duration.ofMinutes(5))
			.until(() -> size(FlowWorkerMain.doneKey(this.queue)) == low.size() + high.size());

		List<String> done = range(FlowWorkerMain.doneKey(this.queue));
		assertThat(done.subList(0, 20)).containsExactlyElementsOf(high);
		assertThat(done.subList(20, done.size())).containsExactlyElementsOf(low);
	}

	@Test
	void aSmallGroupFinishesLongBeforeALargeOneAndNoGroupRunsMoreThanItsLimit() {
		enqueue(10_000, JobOptions.group("large"), "large");
		List<String> small = enqueue(20, JobOptions.group("small"), "small");
		startWorkers(3, 4, 5, "group-concurrency=2");

		await("small group done").atMost(Duration.ofMinutes(5))
			.until(() -> range(FlowWorkerMain.doneKey(this.queue)).containsAll(small));

		long done = size(FlowWorkerMain.doneKey(this.queue));
		List<String> largeSamples = range(FlowWorkerMain.groupSamplesKey(this.queue, "large"));
		List<String> smallSamples = range(FlowWorkerMain.groupSamplesKey(this.queue, "small"));
		System.out.println("RELIABILITY: groups 10,000 and 20 with K=2 on 3 JVMs x 4 workers: the small group "
				+ "finished after " + done + " jobs in all; at most " + max(largeSamples) + " and " + max(smallSamples)
				+ " running");
		assertThat(done).as("jobs done when the small group finished").isLessThan(1_000);
		assertThat(max(largeSamples)).isLessThanOrEqualTo(2);
		assertThat(max(smallSamples)).isLessThanOrEqualTo(2);
	}

	@Test
	void pausingLetsRunningJobsFinishStartsNothingAndLosesNothingUnderAKill() {
		List<String> ids = enqueue(60, JobOptions.none(), null);
		startWorkers(2, 4, 300);
		String done = FlowWorkerMain.doneKey(this.queue);
		String starts = FlowWorkerMain.startsKey(this.queue);
		String running = FlowWorkerMain.runningKey(this.queue, "");
		await("some jobs done").atMost(Duration.ofMinutes(2)).until(() -> size(done) >= 4);

		this.clients.admin().pause(this.queue);
		long startedAtPause = size(starts);
		// every job running at the pause finishes; claims stop within a claim timeout
		await("running jobs finish").atMost(Duration.ofMinutes(1))
			.until(() -> "0".equals(this.redis.opsForValue().get(running)) && size(starts) == size(done));
		long startedWhenIdle = size(starts);
		assertThat(startedWhenIdle - startedAtPause).as("starts after the pause (one claim timeout at most)")
			.isLessThanOrEqualTo(8);
		String extra = this.clients.template().enqueue(this.queue, Map.of("n", "while paused"));

		this.workers.get(0).kill(Duration.ofSeconds(10));
		WorkerProcess replacement = startWorkers(1, 4, 300).get(0);
		InProcessWorkers.sleep(3000);
		assertThat(size(starts)).as("nothing starts while paused").isEqualTo(startedWhenIdle);
		assertThat(replacement.isAlive()).isTrue();

		this.clients.admin().resume(this.queue);
		List<String> all = new ArrayList<>(ids);
		all.add(extra);
		await("all done after the resume").atMost(Duration.ofMinutes(3))
			.until(() -> new HashSet<>(range(done)).containsAll(all));
		assertThat(range(done)).doesNotHaveDuplicates();
	}

}
