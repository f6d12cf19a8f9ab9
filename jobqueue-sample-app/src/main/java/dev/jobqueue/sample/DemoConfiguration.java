package dev.jobqueue.sample;

import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import dev.jobqueue.JacksonJobPayloadConverter;
import dev.jobqueue.JobQueueOperations;
import dev.jobqueue.JobQueueScripts;
import dev.jobqueue.JobQueueTemplate;
import dev.jobqueue.QueueSettings;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.redis.core.StringRedisTemplate;

/**
 * The demo's own beans: the simulated work and its worker pool, the statistics history for the
 * chart, the log of reclaim sweeps, and the queue template with an automatic sweep.
 */
@Configuration(proxyBeanMethods = false)
class DemoConfiguration {

	@Bean
	JobQueueTemplate jobQueueTemplate(StringRedisTemplate redis, JsonMapper json,
			@Value("${jobqueue.visibility-timeout:5s}") Duration visibility) {
		return new JobQueueTemplate(redis, new JobQueueScripts(), new JacksonJobPayloadConverter(json),
				(name) -> QueueSettings.defaults(name).withVisibilityTimeout(visibility), Clock.systemUTC());
	}

	@Bean(destroyMethod = "shutdownNow")
	@ConditionalOnProperty(name = "jobqueue.reclaimer.enabled", matchIfMissing = true)
	ScheduledExecutorService demoReclaimer(JobQueueOperations jobs, ReclaimLog log, SampleProperties properties,
			@Value("${jobqueue.reclaim-interval:1s}") Duration interval) {
		ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor((task) -> {
			Thread thread = new Thread(task, "demo-reclaimer");
			thread.setDaemon(true);
			return thread;
		});
		Clock clock = Clock.systemUTC();
		executor.scheduleWithFixedDelay(() -> {
			try {
				log.record("automatic", jobs.reclaimStuck(properties.getQueue()), clock.instant());
			}
			catch (RuntimeException ex) {
				// Redis may be restarting; the next sweep tries again.
			}
		}, interval.toMillis(), interval.toMillis(), TimeUnit.MILLISECONDS);
		return executor;
	}

	@Bean
	SimulatedWork simulatedWork() {
		return new SimulatedWork();
	}

	@Bean
	DemoWorkerPool demoWorkerPool(JobQueueOperations jobs, JsonMapper json, SimulatedWork work,
			SampleProperties properties) {
		return new DemoWorkerPool(jobs, json, work, properties);
	}

	@Bean
	StatsHistory statsHistory(JobQueueOperations jobs, SampleProperties properties) {
		return new StatsHistory(jobs, properties.getQueue(), Clock.systemUTC());
	}

	@Bean
	ReclaimLog reclaimLog() {
		return new ReclaimLog();
	}

}
