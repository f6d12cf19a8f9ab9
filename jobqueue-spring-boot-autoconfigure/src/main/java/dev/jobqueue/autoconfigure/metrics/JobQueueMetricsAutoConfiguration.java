package dev.jobqueue.autoconfigure.metrics;

import dev.jobqueue.JobQueueAdmin;
import dev.jobqueue.autoconfigure.JobQueueAutoConfiguration;
import dev.jobqueue.boot.JobQueueCatalog;
import dev.jobqueue.autoconfigure.JobQueueProperties;
import dev.jobqueue.boot.metrics.JobQueueMetrics;
import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

/**
 * {@link org.springframework.boot.autoconfigure.EnableAutoConfiguration
 * Auto-configuration} for {@link JobQueueMetrics}, when Micrometer is on the class path
 * and a {@link MeterRegistry} exists.
 */
@AutoConfiguration(after = JobQueueAutoConfiguration.class,
		afterName = { "org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration",
				"org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration" })
@ConditionalOnClass(MeterRegistry.class)
@ConditionalOnBean({ MeterRegistry.class, JobQueueAdmin.class, JobQueueCatalog.class })
public final class JobQueueMetricsAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	JobQueueMetrics jobQueueMetrics(JobQueueAdmin admin, JobQueueCatalog catalog, JobQueueProperties properties) {
		return new JobQueueMetrics(admin, catalog::getQueueNames, properties.getMetrics().getRefreshInterval());
	}

}
