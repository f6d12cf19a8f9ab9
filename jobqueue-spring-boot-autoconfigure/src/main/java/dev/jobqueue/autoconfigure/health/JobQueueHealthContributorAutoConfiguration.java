package dev.jobqueue.autoconfigure.health;

import dev.jobqueue.JobQueueOperations;
import dev.jobqueue.autoconfigure.JobQueueAutoConfiguration;
import dev.jobqueue.boot.health.JobQueueHealthIndicator;
import dev.jobqueue.worker.JobHandlerEndpointRegistry;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.health.autoconfigure.contributor.ConditionalOnEnabledHealthIndicator;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.annotation.Bean;
import org.springframework.data.redis.connection.RedisConnectionFactory;

/**
 * {@link org.springframework.boot.autoconfigure.EnableAutoConfiguration
 * Auto-configuration} for {@link JobQueueHealthIndicator}, when Spring Boot's health
 * support is on the class path and {@code management.health.jobqueue.enabled} is not
 * false.
 */
@AutoConfiguration(after = JobQueueAutoConfiguration.class,
		beforeName = "org.springframework.boot.health.autoconfigure.contributor.HealthContributorAutoConfiguration")
@ConditionalOnClass({ HealthIndicator.class, ConditionalOnEnabledHealthIndicator.class })
@ConditionalOnBean({ JobQueueOperations.class, RedisConnectionFactory.class })
@ConditionalOnEnabledHealthIndicator("jobqueue")
public final class JobQueueHealthContributorAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean(name = "jobqueueHealthIndicator")
	JobQueueHealthIndicator jobqueueHealthIndicator(RedisConnectionFactory connectionFactory,
			ObjectProvider<JobHandlerEndpointRegistry> registry) {
		return new JobQueueHealthIndicator(connectionFactory, registry.getIfAvailable());
	}

}
