package dev.jobqueue.autoconfigure.endpoint;

import java.util.Map;
import java.util.Set;

import dev.jobqueue.JobPayloadConverter;
import dev.jobqueue.JobQueueAdmin;
import dev.jobqueue.JobQueueOperations;
import dev.jobqueue.autoconfigure.JobQueueAutoConfiguration;
import dev.jobqueue.autoconfigure.TestRedis;
import dev.jobqueue.boot.JobQueueCatalog;
import dev.jobqueue.boot.actuate.endpoint.JobQueueEndpoint;
import dev.jobqueue.boot.actuate.endpoint.JobQueueEndpointDescriptors.JobDescriptor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import org.springframework.boot.actuate.endpoint.SecurityContext;
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

	@ParameterizedTest
	@CsvSource({ "jobqueue.endpoint.show-values, always, {a=1}",
			"management.endpoint.jobqueue.show-values, always, {a=1}", "jobqueue.endpoint.show-values, never, ******" })
	void showValuesIsReadFromItsNameAndFromItsDeprecatedName(String name, String value, String shown) {
		String queue = TestRedis.uniqueQueue("show");
		this.contextRunner.withPropertyValues("management.endpoints.web.exposure.include=jobqueue", name + "=" + value)
			.run((context) -> {
				String id = context.getBean(JobQueueOperations.class).enqueue(queue, Map.of("a", 1));
				JobDescriptor job = context.getBean(JobQueueEndpoint.class).job(SecurityContext.NONE, queue, id);
				assertThat(job).isNotNull();
				assertThat(String.valueOf(job.payload())).isEqualTo(shown);
			});
	}

	@Test
	void newShowValuesNameWinsOverTheDeprecatedOne() {
		String queue = TestRedis.uniqueQueue("show");
		this.contextRunner
			.withPropertyValues("management.endpoints.web.exposure.include=jobqueue",
					"jobqueue.endpoint.show-values=never", "management.endpoint.jobqueue.show-values=always")
			.run((context) -> {
				String id = context.getBean(JobQueueOperations.class).enqueue(queue, Map.of("a", 1));
				JobDescriptor job = context.getBean(JobQueueEndpoint.class).job(SecurityContext.NONE, queue, id);
				assertThat(job).isNotNull();
				assertThat(job.payload()).isEqualTo("******");
			});
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
			return new JobQueueEndpoint(operations, admin, catalog, converter, Show.ALWAYS, Set.of(), null);
		}

	}

}
