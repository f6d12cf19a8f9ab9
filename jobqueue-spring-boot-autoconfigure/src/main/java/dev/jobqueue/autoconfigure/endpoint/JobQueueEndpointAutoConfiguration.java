package dev.jobqueue.autoconfigure.endpoint;

import java.util.Set;

import dev.jobqueue.JobPayloadConverter;
import dev.jobqueue.JobQueueAdmin;
import dev.jobqueue.JobQueueOperations;
import dev.jobqueue.autoconfigure.JobQueueAutoConfiguration;
import dev.jobqueue.boot.JobQueueCatalog;
import dev.jobqueue.boot.actuate.endpoint.JobQueueEndpoint;
import dev.jobqueue.scheduling.RecurringJobScheduler;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.actuate.autoconfigure.endpoint.condition.ConditionalOnAvailableEndpoint;
import org.springframework.boot.actuate.endpoint.Show;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.Environment;

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

	private static final String NEW_PREFIX = "jobqueue.endpoint.";

	/** Deprecated names of {@code jobqueue.endpoint.*}, still read for one release. */
	private static final String DEPRECATED_PREFIX = "management.endpoint.jobqueue.";

	@Bean
	@ConditionalOnMissingBean
	JobQueueEndpoint jobQueueEndpoint(JobQueueOperations operations, JobQueueAdmin admin, JobQueueCatalog catalog,
			JobPayloadConverter converter, JobQueueEndpointProperties properties, Environment environment,
			ObjectProvider<RecurringJobScheduler> scheduler) {
		Binder binder = Binder.get(environment);
		Show showValues = orDeprecated(binder, "show-values", Bindable.of(Show.class), properties.getShowValues());
		Set<String> roles = orDeprecated(binder, "roles", Bindable.setOf(String.class), properties.getRoles());
		return new JobQueueEndpoint(operations, admin, catalog, converter, showValues, roles,
				scheduler.getIfAvailable());
	}

	private static <T> T orDeprecated(Binder binder, String name, Bindable<T> type, T value) {
		if (binder.bind(NEW_PREFIX + name, type).isBound()) {
			return value;
		}
		return binder.bind(DEPRECATED_PREFIX + name, type).orElse(value);
	}

}
