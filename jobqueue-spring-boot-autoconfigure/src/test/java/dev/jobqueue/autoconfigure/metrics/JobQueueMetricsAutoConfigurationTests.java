package dev.jobqueue.autoconfigure.metrics;

import java.time.Duration;

import dev.jobqueue.JobQueueAdmin;
import dev.jobqueue.autoconfigure.JobQueueAutoConfiguration;
import dev.jobqueue.autoconfigure.TestRedis;
import dev.jobqueue.boot.metrics.JobQueueMetrics;
import dev.jobqueue.worker.JobWorkerContainerFactory;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link JobQueueMetricsAutoConfiguration}.
 */
class JobQueueMetricsAutoConfigurationTests {

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(DataRedisAutoConfiguration.class, JobQueueAutoConfiguration.class,
				JobQueueMetricsAutoConfiguration.class))
		.withPropertyValues(TestRedis.urlProperty());

	@Test
	void metricsArePresentWithAMeterRegistry() {
		this.contextRunner.withUserConfiguration(RegistryConfiguration.class)
			.run((context) -> assertThat(context).hasSingleBean(JobQueueMetrics.class));
	}

	@Test
	void metricsAreAbsentWithoutAMeterRegistry() {
		this.contextRunner.run((context) -> assertThat(context).doesNotHaveBean(JobQueueMetrics.class));
	}

	@Test
	void metricsAreAbsentWithoutMicrometer() {
		this.contextRunner.withClassLoader(new FilteredClassLoader(MeterRegistry.class))
			.run((context) -> assertThat(context).doesNotHaveBean(JobQueueMetrics.class)
				.hasSingleBean(JobQueueAdmin.class));
	}

	@Test
	void metricsAreAbsentWhenJobqueueIsDisabled() {
		this.contextRunner.withUserConfiguration(RegistryConfiguration.class)
			.withPropertyValues("jobqueue.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean(JobQueueMetrics.class));
	}

	@Test
	void backsOffForTheUsersMetrics() {
		this.contextRunner.withUserConfiguration(RegistryConfiguration.class, UserMetricsConfiguration.class)
			.run((context) -> assertThat(context).hasSingleBean(JobQueueMetrics.class).hasBean("customMetrics"));
	}

	@Test
	void workersReportToTheMetrics() {
		this.contextRunner.withUserConfiguration(RegistryConfiguration.class).run((context) -> {
			JobWorkerContainerFactory factory = context.getBean(JobWorkerContainerFactory.class);
			assertThat(factory).extracting("listeners")
				.asInstanceOf(org.assertj.core.api.InstanceOfAssertFactories.LIST)
				.containsExactly(context.getBean(JobQueueMetrics.class));
		});
	}

	@Configuration(proxyBeanMethods = false)
	static class RegistryConfiguration {

		@Bean
		SimpleMeterRegistry meterRegistry() {
			return new SimpleMeterRegistry();
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class UserMetricsConfiguration {

		@Bean
		JobQueueMetrics customMetrics(JobQueueAdmin admin) {
			return new JobQueueMetrics(admin, java.util.List::of, Duration.ofSeconds(1));
		}

	}

}
