package dev.jobqueue.autoconfigure.health;

import java.time.Duration;

import dev.jobqueue.autoconfigure.TestRedis;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration;
import org.springframework.boot.data.redis.autoconfigure.health.DataRedisHealthContributorAutoConfiguration;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Tests for {@link BoundedRedisHealthContributorAutoConfiguration}.
 */
class BoundedRedisHealthContributorAutoConfigurationTests {

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(DataRedisAutoConfiguration.class,
				BoundedRedisHealthContributorAutoConfiguration.class,
				DataRedisHealthContributorAutoConfiguration.class))
		.withPropertyValues(TestRedis.urlProperty());

	@Test
	void replacesBootsRedisContributorAndIsUpWithRedis() {
		this.contextRunner.run((context) -> {
			assertThat(context).hasSingleBean(BoundedRedisHealthIndicator.class);
			assertThat(context.getBeanNamesForType(HealthIndicator.class)).containsExactly("redisHealthContributor");
			// the first check also opens the connection, which may take longer than the
			// bound
			BoundedRedisHealthIndicator indicator = context.getBean(BoundedRedisHealthIndicator.class);
			await().atMost(Duration.ofSeconds(30)).until(() -> indicator.health().getStatus().equals(Status.UP));
		});
	}

	@Test
	void backsOffForAUserRedisHealthIndicator() {
		this.contextRunner.withUserConfiguration(UserIndicator.class)
			.run((context) -> assertThat(context).doesNotHaveBean(BoundedRedisHealthIndicator.class)
				.hasBean("redisHealthIndicator"));
	}

	@Test
	void isSwitchedOffByPropertyAndBootsOwnIndicatorApplies() {
		this.contextRunner.withPropertyValues("jobqueue.health.bounded-redis=false")
			.run((context) -> assertThat(context).doesNotHaveBean(BoundedRedisHealthIndicator.class)
				.hasBean("redisHealthContributor"));
	}

	@Test
	void isAbsentWhenRedisHealthIsDisabled() {
		this.contextRunner.withPropertyValues("management.health.redis.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean(BoundedRedisHealthIndicator.class));
	}

	@Test
	void isAbsentWithoutHealthSupport() {
		this.contextRunner.withClassLoader(new FilteredClassLoader(HealthIndicator.class))
			.run((context) -> assertThat(context).doesNotHaveBean(BoundedRedisHealthIndicator.class));
	}

	@Configuration(proxyBeanMethods = false)
	static class UserIndicator {

		@Bean
		HealthIndicator redisHealthIndicator() {
			return () -> org.springframework.boot.health.contributor.Health.up().build();
		}

	}

}
