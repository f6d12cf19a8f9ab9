package dev.jobqueue.reliability;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

import dev.jobqueue.ClaimedJob;
import dev.jobqueue.annotation.JobHandler;
import dev.jobqueue.worker.JobContext;
import dev.jobqueue.worker.JobExecutionListener;
import dev.jobqueue.worker.JobOutcome;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.data.redis.core.StringRedisTemplate;

/**
 * A worker process on the starter, started by the crash tests in its own JVM: a Spring
 * Boot application with one {@code @JobHandler} and the starter's defaults for everything
 * else (leases, reclaimer, shutdown). Records executions and completions as
 * {@link CoreWorkerMain} does, and prints {@code READY <pid>} once started. Configured by
 * Spring Boot arguments, among them {@code --crash.queue} and {@code --crash.work-ms}.
 */
@SpringBootConfiguration(proxyBeanMethods = false)
@EnableAutoConfiguration
public class StarterWorkerMain {

	static final String PID = String.valueOf(ProcessHandle.current().pid());

	/**
	 * Runs the application until the process is killed.
	 * @param args Spring Boot arguments
	 */
	public static void main(String[] args) {
		SpringApplication application = new SpringApplication(StarterWorkerMain.class);
		application.setLogStartupInfo(false);
		application.run(args);
		System.out.println("READY " + PID);
	}

	@Bean
	CrashHandler crashHandler(StringRedisTemplate redis, @Value("${crash.queue}") String queue,
			@Value("${crash.work-ms}") long workMillis) {
		return new CrashHandler(redis, queue, workMillis);
	}

	@Bean
	JobExecutionListener completionRecorder(StringRedisTemplate redis, @Value("${crash.queue}") String queue) {
		return new JobExecutionListener() {

			@Override
			public void jobFinished(ClaimedJob job, JobOutcome outcome, Duration executionTime) {
				if (outcome == JobOutcome.COMPLETED) {
					redis.opsForList().rightPush(CoreWorkerMain.doneKey(queue), job.id() + " " + PID);
				}
			}

		};
	}

	/**
	 * The handler: records the execution, works a few milliseconds, returns the pid.
	 */
	static final class CrashHandler {

		private final StringRedisTemplate redis;

		private final String runsKey;

		private final long workMillis;

		CrashHandler(StringRedisTemplate redis, String queue, long workMillis) {
			this.redis = redis;
			this.runsKey = CoreWorkerMain.runsKey(queue);
			this.workMillis = workMillis;
		}

		@JobHandler(queue = "${crash.queue}")
		Map<String, Object> run(Object payload, JobContext job) throws InterruptedException {
			this.redis.opsForList().rightPush(this.runsKey, job.id() + " " + PID);
			Thread.sleep(this.workMillis + ThreadLocalRandom.current().nextLong(this.workMillis + 1));
			return Map.of("pid", PID);
		}

	}

}
