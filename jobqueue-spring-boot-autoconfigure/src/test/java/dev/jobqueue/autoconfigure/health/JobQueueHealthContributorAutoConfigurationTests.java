package dev.jobqueue.autoconfigure.health;

import dev.jobqueue.autoconfigure.JobQueueAutoConfiguration;
import dev.jobqueue.autoconfigure.TestRedis;
import dev.jobqueue.boot.health.JobQueueHealthIndicator;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link JobQueueHealthContributorAutoConfiguration}.
 */
class JobQueueHealthContributorAutoConfigurationTests {

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(DataRedisAutoConfiguration.class, JobQueueAutoConfiguration.class,
				JobQueueHealthContributorAutoConfiguration.class))
		.withPropertyValues(TestRedis.urlProperty());

	@Test
	void healthIndicatorIsPresentAndUpWithRedis() {
		this.contextRunner.run((context) -> {
			assertThat(context).hasSingleBean(JobQueueHealthIndicator.class);
			Health health = context.getBean(JobQueueHealthIndicator.class).health(true);
			assertThat(health.getStatus()).isEqualTo(Status.UP);
			assertThat(health.getDetails()).containsKeys("queues", "workers");
		});
	}

	@Test
	void healthIndicatorIsDownWithoutRedis() {
		this.contextRunner
			.withPropertyValues("spring.data.redis.url=redis://127.0.0.1:1", "spring.data.redis.timeout=200ms",
					"jobqueue.reclaimer.enabled=false", "jobqueue.queues.emails.max-attempts=3")
			.run((context) -> assertThat(context.getBean(JobQueueHealthIndicator.class).health(true).getStatus())
				.isEqualTo(Status.DOWN));
	}

	@Test
	void healthIndicatorIsDisabledByProperty() {
		this.contextRunner.withPropertyValues("management.health.jobqueue.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean(JobQueueHealthIndicator.class));
	}

	@Test
	void healthIndicatorIsAbsentWithoutHealthSupport() {
		this.contextRunner.withClassLoader(new FilteredClassLoader(HealthIndicator.class))
			.run((context) -> assertThat(context).doesNotHaveBean(JobQueueHealthIndicator.class));
	}

	@Test
	void backsOffForTheUsersIndicator() {
		this.contextRunner.withUserConfiguration(UserIndicatorConfiguration.class)
			.run((context) -> assertThat(context).doesNotHaveBean(JobQueueHealthIndicator.class));
	}

	@Configuration(proxyBeanMethods = false)
	static class UserIndicatorConfiguration {

		@Bean
		HealthIndicator jobqueueHealthIndicator() {
			return () -> Health.up().build();
		}

	}

}
