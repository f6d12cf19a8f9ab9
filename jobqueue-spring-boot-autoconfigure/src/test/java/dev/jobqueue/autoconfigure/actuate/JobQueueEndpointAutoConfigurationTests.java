package dev.jobqueue.autoconfigure.actuate;

import dev.jobqueue.autoconfigure.JobQueueAutoConfiguration;
import dev.jobqueue.autoconfigure.JobQueueCatalog;
import dev.jobqueue.autoconfigure.TestRedis;
import dev.jobqueue.JobPayloadConverter;
import dev.jobqueue.JobQueueAdmin;
import dev.jobqueue.JobQueueOperations;
import org.junit.jupiter.api.Test;

import org.springframework.boot.actuate.endpoint.Show;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link JobQueueEndpointAutoConfiguration}.
 */
class JobQueueEndpointAutoConfigurationTests {

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(DataRedisAutoConfiguration.class, JobQueueAutoConfiguration.class,
				JobQueueEndpointAutoConfiguration.class))
		.withPropertyValues(TestRedis.urlProperty());

	@Test
	void endpointIsPresentWhenExposed() {
		this.contextRunner.withPropertyValues("management.endpoints.web.exposure.include=jobqueue")
			.run((context) -> assertThat(context).hasSingleBean(JobQueueEndpoint.class));
	}

	@Test
	void endpointIsAbsentWhenNotExposed() {
		this.contextRunner.run((context) -> assertThat(context).doesNotHaveBean(JobQueueEndpoint.class));
	}

	@Test
	void endpointIsAbsentWhenAccessIsNone() {
		this.contextRunner
			.withPropertyValues("management.endpoints.web.exposure.include=jobqueue",
					"management.endpoint.jobqueue.access=NONE")
			.run((context) -> assertThat(context).doesNotHaveBean(JobQueueEndpoint.class));
	}

	@Test
	void endpointIsAbsentWithoutTheActuator() {
		this.contextRunner.withPropertyValues("management.endpoints.web.exposure.include=jobqueue")
			.withClassLoader(new FilteredClassLoader(Endpoint.class))
			.run((context) -> assertThat(context).doesNotHaveBean(JobQueueEndpoint.class));
	}

	@Test
	void endpointIsAbsentWhenJobqueueIsDisabled() {
		this.contextRunner
			.withPropertyValues("management.endpoints.web.exposure.include=jobqueue", "jobqueue.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean(JobQueueEndpoint.class));
	}

	@Test
	void backsOffForTheUsersEndpoint() {
		this.contextRunner.withPropertyValues("management.endpoints.web.exposure.include=jobqueue")
			.withUserConfiguration(UserEndpointConfiguration.class)
			.run((context) -> assertThat(context).hasSingleBean(JobQueueEndpoint.class).hasBean("customEndpoint"));
	}

	@Configuration(proxyBeanMethods = false)
	static class UserEndpointConfiguration {

		@Bean
		JobQueueEndpoint customEndpoint(JobQueueOperations operations, JobQueueAdmin admin, JobQueueCatalog catalog,
				JobPayloadConverter converter) {
			return new JobQueueEndpoint(operations, admin, catalog, converter, Show.ALWAYS, java.util.Set.of());
		}

	}

}
