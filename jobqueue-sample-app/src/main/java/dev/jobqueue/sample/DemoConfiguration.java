package dev.jobqueue.sample;

import java.time.Clock;

import dev.jobqueue.JobQueueAdmin;
import dev.jobqueue.worker.JobHandlerEndpointRegistry;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The demo's own beans: the simulated work, the page's control of the worker pool, the
 * statistics history for the chart, and the log of reclaim sweeps. Everything else comes
 * from the starter.
 */
@Configuration(proxyBeanMethods = false)
class DemoConfiguration {

	@Bean
	SimulatedWork simulatedWork() {
		return new SimulatedWork();
	}

	@Bean
	DemoWorkerPool demoWorkerPool(JobHandlerEndpointRegistry registry, SampleProperties properties) {
		return new DemoWorkerPool(registry, properties);
	}

	@Bean
	DemoStats demoStats(JobQueueAdmin admin, SampleProperties properties) {
		return new DemoStats(admin, properties.getQueue());
	}

	@Bean
	StatsHistory statsHistory(DemoStats stats) {
		return new StatsHistory(stats, Clock.systemUTC());
	}

	@Bean
	ReclaimLog reclaimLog(SampleProperties properties) {
		return new ReclaimLog(properties.getQueue());
	}

}
