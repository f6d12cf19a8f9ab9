package dev.jobqueue.sample;

import java.time.Clock;

import dev.jobqueue.JobQueueOperations;
import dev.jobqueue.JobQueueTemplate;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.redis.core.StringRedisTemplate;

/**
 * The demo's own beans: the simulated work and its worker pool, the statistics history for the
 * chart, and the log of reclaim sweeps.
 */
@Configuration(proxyBeanMethods = false)
class DemoConfiguration {

	@Bean
	JobQueueTemplate jobQueueTemplate(StringRedisTemplate redis) {
		return new JobQueueTemplate(redis);
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
