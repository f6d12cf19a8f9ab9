package dev.jobqueue.autoconfigure.actuate;

import dev.jobqueue.JobPayloadConverter;
import dev.jobqueue.JobQueueAdmin;
import dev.jobqueue.JobQueueOperations;
import dev.jobqueue.autoconfigure.JobQueueAutoConfiguration;
import dev.jobqueue.autoconfigure.JobQueueCatalog;

import org.springframework.boot.actuate.autoconfigure.endpoint.condition.ConditionalOnAvailableEndpoint;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;

/**
 * {@link org.springframework.boot.autoconfigure.EnableAutoConfiguration
 * Auto-configuration} for the {@link JobQueueEndpoint}, when the actuator is on the class
 * path and the endpoint is available.
 */
@AutoConfiguration(after = JobQueueAutoConfiguration.class)
@ConditionalOnClass({ Endpoint.class, ConditionalOnAvailableEndpoint.class })
@ConditionalOnBean({ JobQueueOperations.class, JobQueueAdmin.class, JobQueueCatalog.class })
@ConditionalOnAvailableEndpoint(JobQueueEndpoint.class)
@EnableConfigurationProperties(JobQueueEndpointProperties.class)
public final class JobQueueEndpointAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	JobQueueEndpoint jobQueueEndpoint(JobQueueOperations operations, JobQueueAdmin admin, JobQueueCatalog catalog,
			JobPayloadConverter converter, JobQueueEndpointProperties properties) {
		return new JobQueueEndpoint(operations, admin, catalog, converter, properties.getShowValues(),
				properties.getRoles());
	}

}
