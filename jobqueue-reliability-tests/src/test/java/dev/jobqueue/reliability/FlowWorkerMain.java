package dev.jobqueue.reliability;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import dev.jobqueue.ClaimedJob;
import dev.jobqueue.QueueSettings;
import dev.jobqueue.annotation.JobHandler;
import dev.jobqueue.worker.JobExecutionListener;
import dev.jobqueue.worker.JobOutcome;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.data.redis.core.script.RedisScript;

/**
 * A worker process on the starter for the flow-control tests, configured by Spring Boot
 * arguments ({@code --flow.queue}, {@code --flow.work-ms} and any
 * {@code --jobqueue.queues.<name>.*} limit). Records in Redis, for the test to compute
 * afterwards:
 * <ul>
 * <li>the start time of every job that starts ({@link #startsKey}): the time the rate
 * limiter logged (or, with no rate limit, the claimant's clock), then the claimant's
 * clock;
 * <li>how many jobs of the queue, and of the job's group, were running in all workers
 * when it started ({@link #samplesKey}, {@link #groupSamplesKey}), counted by the
 * handlers themselves around their work;
 * <li>every completed id ({@link #doneKey}).
 * </ul>
 */
@SpringBootConfiguration(proxyBeanMethods = false)
@EnableAutoConfiguration
public class FlowWorkerMain {

	static final String PID = String.valueOf(ProcessHandle.current().pid());

	private static final RedisScript<Long> ENTER = RedisScript.of("""
			local n = redis.call('INCR', KEYS[1])
			redis.call('RPUSH', KEYS[2], n)
			return n
			""", Long.class);

	/**
	 * Runs the application until the process is killed.
	 * @param args Spring Boot arguments
	 */
	public static void main(String[] args) {
		SpringApplication application = new SpringApplication(FlowWorkerMain.class);
		application.setLogStartupInfo(false);
		application.run(args);
		System.out.println("READY " + PID);
	}

	static String startsKey(String queue) {
		return "flow-test:" + queue + ":starts";
	}

	static String samplesKey(String queue) {
		return "flow-test:" + queue + ":samples";
	}

	static String groupSamplesKey(String queue, String group) {
		return "flow-test:" + queue + ":samples:" + group;
	}

	static String doneKey(String queue) {
		return "flow-test:" + queue + ":done";
	}

	static String runningKey(String queue, String group) {
		return "flow-test:" + queue + ":running:" + group;
	}

	@Bean
	FlowHandler flowHandler(StringRedisTemplate redis, @Value("${flow.queue}") String queue,
			@Value("${flow.work-ms}") long workMillis) {
		return new FlowHandler(redis, queue, workMillis);
	}

	@Bean
	JobExecutionListener startRecorder(StringRedisTemplate redis, @Value("${flow.queue}") String queue) {
		String rate = QueueSettings.defaults(queue).keys().rate();
		return new JobExecutionListener() {

			@Override
			public void jobStarted(ClaimedJob job) {
				// the start time as the rate limiter logged it (its members are the claim
				// tokens), read while the log still holds it; the claimant's clock
				// otherwise
				Double logged = redis.opsForZSet().score(rate, job.claimToken());
				long claimed = job.claimedAt().toEpochMilli();
				redis.opsForList()
					.rightPush(startsKey(queue), ((logged != null) ? logged.longValue() : claimed) + " " + claimed);
			}

			@Override
			public void jobFinished(ClaimedJob job, JobOutcome outcome, Duration executionTime) {
				if (outcome == JobOutcome.COMPLETED) {
					redis.opsForList().rightPush(doneKey(queue), job.id());
				}
			}

		};
	}

	/**
	 * The handler: counts itself in while it works, per queue and per group.
	 */
	static final class FlowHandler {

		private final StringRedisTemplate redis;

		private final String queue;

		private final long workMillis;

		FlowHandler(StringRedisTemplate redis, String queue, long workMillis) {
			this.redis = redis;
			this.queue = queue;
			this.workMillis = workMillis;
		}

		@JobHandler(queue = "${flow.queue}")
		String run(Map<String, Object> payload) throws InterruptedException {
			Object group = payload.get("group");
			String all = runningKey(this.queue, "");
			this.redis.execute(ENTER, List.of(all, samplesKey(this.queue)));
			String groupKey = (group != null) ? runningKey(this.queue, group.toString()) : null;
			if (groupKey != null) {
				this.redis.execute(ENTER, List.of(groupKey, groupSamplesKey(this.queue, group.toString())));
			}
			try {
				Thread.sleep(this.workMillis);
			}
			finally {
				if (groupKey != null) {
					this.redis.opsForValue().decrement(groupKey);
				}
				this.redis.opsForValue().decrement(all);
			}
			return PID;
		}

	}

}
