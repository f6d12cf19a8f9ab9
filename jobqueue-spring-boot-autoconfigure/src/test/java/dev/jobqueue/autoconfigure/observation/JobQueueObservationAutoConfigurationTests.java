package dev.jobqueue.autoconfigure.observation;

import java.util.Map;

import dev.jobqueue.JobQueueOperations;
import dev.jobqueue.autoconfigure.JobQueueAutoConfiguration;
import dev.jobqueue.autoconfigure.TestRedis;
import dev.jobqueue.observation.JobEnqueueContext;
import dev.jobqueue.observation.JobEnqueueObservationConvention;
import dev.jobqueue.observation.JobEnqueueObserver;
import dev.jobqueue.observation.MdcJobExecutionListener;
import dev.jobqueue.observation.ObservationJobExecutionListener;
import dev.jobqueue.worker.JobWorkerContainerFactory;
import io.micrometer.observation.ObservationRegistry;
import io.micrometer.observation.tck.TestObservationRegistry;
import io.micrometer.observation.tck.TestObservationRegistryAssert;
import org.junit.jupiter.api.Test;
import org.slf4j.MDC;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link JobQueueObservationAutoConfiguration}.
 */
class JobQueueObservationAutoConfigurationTests {

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(DataRedisAutoConfiguration.class, JobQueueAutoConfiguration.class,
				JobQueueObservationAutoConfiguration.class))
		.withPropertyValues(TestRedis.urlProperty());

	@Test
	void observationsAreOffByDefaultAndTheMdcIsOn() {
		this.contextRunner.withUserConfiguration(RegistryConfiguration.class)
			.run((context) -> assertThat(context).doesNotHaveBean(JobEnqueueObserver.class)
				.doesNotHaveBean(ObservationJobExecutionListener.class)
				.hasSingleBean(MdcJobExecutionListener.class));
	}

	@Test
	void enqueuesAreObservedWhenTheProducerSwitchIsOn() {
		String queue = TestRedis.uniqueQueue("observed");
		this.contextRunner.withUserConfiguration(RegistryConfiguration.class)
			.withPropertyValues("jobqueue.producer.observation-enabled=true")
			.run((context) -> {
				assertThat(context).hasSingleBean(JobEnqueueObserver.class)
					.doesNotHaveBean(ObservationJobExecutionListener.class);
				String id = context.getBean(JobQueueOperations.class).enqueue(queue, Map.of("kind", "email"));
				TestObservationRegistryAssert.assertThat(context.getBean(TestObservationRegistry.class))
					.hasObservationWithNameEqualTo("jobqueue.enqueue")
					.that()
					.hasLowCardinalityKeyValue("jobqueue.queue", queue)
					.hasHighCardinalityKeyValue("jobqueue.job.id", id);
			});
	}

	@Test
	void workersGetTheObservationListenerWhenTheWorkerSwitchIsOn() {
		this.contextRunner.withUserConfiguration(RegistryConfiguration.class)
			.withPropertyValues("jobqueue.worker.observation-enabled=true")
			.run((context) -> {
				assertThat(context).hasSingleBean(ObservationJobExecutionListener.class)
					.doesNotHaveBean(JobEnqueueObserver.class);
				assertThat(context.getBean(JobWorkerContainerFactory.class)).extracting("listeners")
					.asInstanceOf(org.assertj.core.api.InstanceOfAssertFactories.LIST)
					.contains(context.getBean(ObservationJobExecutionListener.class),
							context.getBean(MdcJobExecutionListener.class));
			});
	}

	@Test
	void aUsersConventionNamesTheEnqueueObservation() {
		String queue = TestRedis.uniqueQueue("convention");
		this.contextRunner.withUserConfiguration(RegistryConfiguration.class, ConventionConfiguration.class)
			.withPropertyValues("jobqueue.producer.observation-enabled=true")
			.run((context) -> {
				context.getBean(JobQueueOperations.class).enqueue(queue, Map.of("n", 1));
				TestObservationRegistryAssert.assertThat(context.getBean(TestObservationRegistry.class))
					.hasObservationWithNameEqualTo("shop.jobs.enqueue")
					.that()
					.hasContextualNameEqualTo("enqueue to " + queue);
			});
	}

	@Test
	void backsOffForTheUsersObserverAndListener() {
		this.contextRunner.withUserConfiguration(RegistryConfiguration.class, UserBeansConfiguration.class)
			.withPropertyValues("jobqueue.producer.observation-enabled=true",
					"jobqueue.worker.observation-enabled=true")
			.run((context) -> assertThat(context).hasSingleBean(JobEnqueueObserver.class)
				.hasBean("customObserver")
				.hasSingleBean(ObservationJobExecutionListener.class)
				.hasBean("customListener"));
	}

	@Test
	void observationsAreAbsentWithoutAnObservationRegistry() {
		this.contextRunner
			.withPropertyValues("jobqueue.producer.observation-enabled=true",
					"jobqueue.worker.observation-enabled=true")
			.run((context) -> assertThat(context).doesNotHaveBean(JobEnqueueObserver.class)
				.doesNotHaveBean(ObservationJobExecutionListener.class));
	}

	@Test
	void theMdcListenerIsAbsentWhenDisabledOrWithoutSlf4j() {
		this.contextRunner.withPropertyValues("jobqueue.worker.mdc-enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean(MdcJobExecutionListener.class));
		this.contextRunner.withClassLoader(new FilteredClassLoader(MDC.class))
			.run((context) -> assertThat(context).doesNotHaveBean(MdcJobExecutionListener.class)
				.hasSingleBean(JobQueueOperations.class));
	}

	@Test
	void nothingIsAddedWhenJobqueueIsDisabled() {
		this.contextRunner.withUserConfiguration(RegistryConfiguration.class)
			.withPropertyValues("jobqueue.enabled=false", "jobqueue.producer.observation-enabled=true")
			.run((context) -> assertThat(context).doesNotHaveBean(JobEnqueueObserver.class)
				.doesNotHaveBean(MdcJobExecutionListener.class));
	}

	@Configuration(proxyBeanMethods = false)
	static class RegistryConfiguration {

		@Bean
		TestObservationRegistry observationRegistry() {
			return TestObservationRegistry.create();
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class ConventionConfiguration {

		@Bean
		JobEnqueueObservationConvention shopConvention() {
			return new JobEnqueueObservationConvention() {

				@Override
				public String getName() {
					return "shop.jobs.enqueue";
				}

				@Override
				public String getContextualName(JobEnqueueContext context) {
					return "enqueue to " + context.getQueue();
				}

			};
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class UserBeansConfiguration {

		@Bean
		JobEnqueueObserver customObserver(ObservationRegistry registry) {
			return new JobEnqueueObserver(registry, null, "type");
		}

		@Bean
		ObservationJobExecutionListener customListener(ObservationRegistry registry) {
			return new ObservationJobExecutionListener(registry, null, "type");
		}

	}

}
