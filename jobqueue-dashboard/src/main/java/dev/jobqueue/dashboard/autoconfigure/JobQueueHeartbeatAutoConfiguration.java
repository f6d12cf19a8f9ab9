package dev.jobqueue.dashboard.autoconfigure;

import java.time.Clock;
import java.time.Duration;
import java.util.Collection;
import java.util.List;

import dev.jobqueue.JobQueueAdmin;
import dev.jobqueue.JobQueueClients;
import dev.jobqueue.autoconfigure.JobQueueAutoConfiguration;
import dev.jobqueue.dashboard.InstanceHeartbeat;
import dev.jobqueue.dashboard.InstanceHeartbeat.WorkedQueue;
import dev.jobqueue.dashboard.InstanceRegistry;
import dev.jobqueue.worker.JobHandlerEndpointRegistry;
import dev.jobqueue.worker.JobWorkerContainer;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.context.annotation.Bean;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.data.redis.core.StringRedisTemplate;

/**
 * {@link org.springframework.boot.autoconfigure.EnableAutoConfiguration
 * Auto-configuration} of what lets every dashboard see this instance: the registry of
 * instances, this instance's heartbeat for each queue it works, and the per-minute
 * counters its flows write (see {@link JobQueueClients#setMinuteCounters}). Needs no web
 * stack, so an application that only runs workers shows in the console of another.
 */
@AutoConfiguration(after = JobQueueAutoConfiguration.class)
@ConditionalOnBean(JobQueueAdmin.class)
@EnableConfigurationProperties(JobQueueDashboardProperties.class)
public final class JobQueueHeartbeatAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	InstanceRegistry jobQueueInstanceRegistry(RedisConnectionFactory connectionFactory, JobQueueAdmin admin) {
		return new InstanceRegistry(new StringRedisTemplate(connectionFactory), (queue) -> admin.settings(queue).keys(),
				Clock.systemUTC());
	}

	@Bean
	@ConditionalOnBean(JobQueueClients.class)
	@ConditionalOnBooleanProperty(name = "jobqueue.dashboard.minute-counters", matchIfMissing = true)
	SmartInitializingSingleton jobQueueMinuteCountersSwitch(JobQueueClients clients) {
		// Before any lifecycle bean starts, so the first job a worker finishes is
		// counted.
		return () -> clients.setMinuteCounters(true);
	}

	@Bean
	@ConditionalOnMissingBean
	@ConditionalOnBooleanProperty(name = "jobqueue.dashboard.heartbeat.enabled", matchIfMissing = true)
	InstanceHeartbeat jobQueueInstanceHeartbeat(InstanceRegistry registry,
			ObjectProvider<JobHandlerEndpointRegistry> handlers, JobQueueDashboardProperties properties) {
		Duration interval = properties.getHeartbeat().getInterval();
		if (interval.toMillis() < 100) {
			throw new InvalidConfigurationPropertyValueException("jobqueue.dashboard.heartbeat.interval", interval,
					"must be at least 100ms");
		}
		return new InstanceHeartbeat(registry, () -> workedQueues(handlers.getIfAvailable()), interval,
				Clock.systemUTC());
	}

	private static Collection<WorkedQueue> workedQueues(JobHandlerEndpointRegistry handlers) {
		if (handlers == null) {
			return List.of();
		}
		return handlers.getContainers()
			.stream()
			.filter(JobWorkerContainer::isRunning)
			.map((container) -> new WorkedQueue(container.getQueue(), container.getConcurrency(),
					container.getActiveCount()))
			.toList();
	}

}
