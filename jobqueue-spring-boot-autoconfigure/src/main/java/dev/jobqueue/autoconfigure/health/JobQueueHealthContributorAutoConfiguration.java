package dev.jobqueue.autoconfigure.health;

import dev.jobqueue.JobQueueAdmin;
import dev.jobqueue.autoconfigure.JobQueueAutoConfiguration;
import dev.jobqueue.autoconfigure.JobQueueProperties;
import dev.jobqueue.boot.JobQueueCatalog;
import dev.jobqueue.boot.health.JobQueueHealthIndicator;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.health.autoconfigure.contributor.ConditionalOnEnabledHealthIndicator;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.annotation.Bean;

/**
 * {@link org.springframework.boot.autoconfigure.EnableAutoConfiguration
 * Auto-configuration} for {@link JobQueueHealthIndicator}, when Spring Boot's health
 * support is on the class path and {@code management.health.jobqueue.enabled} is not
 * false.
 */
@AutoConfiguration(after = JobQueueAutoConfiguration.class,
		beforeName = "org.springframework.boot.health.autoconfigure.contributor.HealthContributorAutoConfiguration")
@ConditionalOnClass({ HealthIndicator.class, ConditionalOnEnabledHealthIndicator.class })
@ConditionalOnBean({ JobQueueAdmin.class, JobQueueCatalog.class })
@ConditionalOnEnabledHealthIndicator("jobqueue")
public final class JobQueueHealthContributorAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean(name = "jobqueueHealthIndicator")
	JobQueueHealthIndicator jobqueueHealthIndicator(JobQueueAdmin admin, JobQueueCatalog catalog,
			JobQueueProperties properties) {
		return new JobQueueHealthIndicator(admin, catalog, properties.getHealth().getTimeout());
	}

}
