package dev.jobqueue.autoconfigure;

import java.time.Duration;

import dev.jobqueue.JobQueueAdmin;
import dev.jobqueue.JobQueueClients;
import dev.jobqueue.JobQueueOperations;
import dev.jobqueue.JobQueueTemplate;
import dev.jobqueue.JobWorkerProtocol;
import dev.jobqueue.QueueSettings;
import dev.jobqueue.annotation.JobHandler;
import dev.jobqueue.annotation.JobHandlerBeanPostProcessor;
import dev.jobqueue.boot.JobQueueCatalog;
import dev.jobqueue.transaction.TransactionAwareJobQueueOperations;
import dev.jobqueue.worker.DefaultJobErrorHandler;
import dev.jobqueue.worker.JobErrorHandler;
import dev.jobqueue.worker.JobFailureDecision;
import dev.jobqueue.worker.JobHandlerEndpointRegistry;
import dev.jobqueue.worker.JobQueueReclaimer;
import dev.jobqueue.worker.JobWorkerContainerFactory;
import dev.jobqueue.worker.JobWorkerSettings;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.context.properties.bind.validation.BindValidationException;
import org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration;
import org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.NestedExceptionUtils;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.scheduling.annotation.ScheduledAnnotationBeanPostProcessor;
import org.springframework.scheduling.config.TaskManagementConfigUtils;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.mock;

/**
 * Tests for {@link JobQueueAutoConfiguration}.
 */
class JobQueueAutoConfigurationTests {

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(DataRedisAutoConfiguration.class, JacksonAutoConfiguration.class,
				JobQueueAutoConfiguration.class))
		.withPropertyValues(TestRedis.urlProperty());

	@Test
	void createsTheQueueBeansAndTheWorkerInfrastructureByDefault() {
		this.contextRunner.run((context) -> {
			assertThat(context).hasSingleBean(JobQueueOperations.class)
				.hasSingleBean(TransactionAwareJobQueueOperations.class)
				.hasSingleBean(JobQueueAdmin.class)
				.hasSingleBean(JobWorkerProtocol.class)
				.hasSingleBean(JobQueueCatalog.class)
				.hasSingleBean(JobWorkerContainerFactory.class)
				.hasSingleBean(JobHandlerBeanPostProcessor.class)
				.hasSingleBean(JobHandlerEndpointRegistry.class)
				.hasSingleBean(JobQueueReclaimer.class);
			assertThat(context.getBean(JobQueueReclaimer.class).isRunning()).isTrue();
		});
	}

	@Test
	void backsOffForTheUsersJobQueueOperations() {
		this.contextRunner.withUserConfiguration(UserOperationsConfiguration.class).run((context) -> {
			assertThat(context).hasSingleBean(JobQueueOperations.class)
				.doesNotHaveBean(JobQueueTemplate.class)
				.doesNotHaveBean(TransactionAwareJobQueueOperations.class);
			assertThat(context.getBean(JobQueueAdmin.class)).isNotNull();
		});
	}

	@Test
	void backsOffForTheUsersJobQueueAdmin() {
		this.contextRunner.withUserConfiguration(UserAdminConfiguration.class).run((context) -> {
			assertThat(context).hasSingleBean(JobQueueAdmin.class).hasBean("customAdmin");
			assertThat(context).hasSingleBean(JobQueueOperations.class);
		});
	}

	@Test
	void backsOffForTheUsersJobWorkerProtocol() {
		this.contextRunner.withUserConfiguration(UserWorkerProtocolConfiguration.class).run((context) -> {
			assertThat(context).hasSingleBean(JobWorkerProtocol.class).hasBean("customWorkerProtocol");
			assertThat(context).hasSingleBean(JobQueueOperations.class);
		});
	}

	@Test
	void backsOffForTheUsersContainerFactory() {
		this.contextRunner.withUserConfiguration(UserContainerFactoryConfiguration.class).run((context) -> {
			assertThat(context).hasSingleBean(JobWorkerContainerFactory.class);
			assertThat(context.getBean(JobWorkerContainerFactory.class).getSettings("any").concurrency()).isEqualTo(9);
		});
	}

	@Test
	void usesTheDefaultJobErrorHandlerUnlessTheUserDefinesOne() {
		this.contextRunner.run((context) -> {
			assertThat(context).hasSingleBean(JobErrorHandler.class);
			assertThat(context.getBean(JobWorkerContainerFactory.class).getErrorHandler())
				.isInstanceOf(DefaultJobErrorHandler.class)
				.isSameAs(context.getBean(JobErrorHandler.class));
		});
		this.contextRunner
			.withBean("myErrorHandler", JobErrorHandler.class, () -> (job, ex) -> JobFailureDecision.failForGood())
			.run((context) -> {
				assertThat(context).hasSingleBean(JobErrorHandler.class);
				assertThat(context.getBean(JobWorkerContainerFactory.class).getErrorHandler())
					.isSameAs(context.getBean("myErrorHandler"));
			});
	}

	@Test
	void transactionAwareEnqueueIsSwitchedOffByProperty() {
		this.contextRunner.withPropertyValues("jobqueue.producer.transaction-aware=false").run((context) -> {
			assertThat(context).hasSingleBean(JobQueueOperations.class)
				.hasSingleBean(JobQueueTemplate.class)
				.doesNotHaveBean(TransactionAwareJobQueueOperations.class);
			assertThat(context.getBean(JobQueueOperations.class))
				.isSameAs(context.getBean(JobQueueClients.class).template());
		});
	}

	@Test
	void transactionAwareEnqueueDecoratesTheClientsTemplate() {
		this.contextRunner
			.run((context) -> assertThat(context.getBean(TransactionAwareJobQueueOperations.class).getDelegate())
				.isSameAs(context.getBean(JobQueueClients.class).template()));
	}

	@Test
	void isDisabledByProperty() {
		this.contextRunner.withPropertyValues("jobqueue.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean(JobQueueOperations.class)
				.doesNotHaveBean(JobHandlerEndpointRegistry.class));
	}

	@Test
	void isAbsentWithoutSpringDataRedis() {
		this.contextRunner.withClassLoader(new FilteredClassLoader(StringRedisTemplate.class))
			.run((context) -> assertThat(context).doesNotHaveBean(JobQueueOperations.class));
	}

	@Test
	void producerOnlyModeHasNoWorkerInfrastructure() {
		this.contextRunner.withPropertyValues("jobqueue.worker.enabled=false").run((context) -> {
			assertThat(context).hasSingleBean(JobQueueOperations.class)
				.doesNotHaveBean(JobHandlerBeanPostProcessor.class)
				.doesNotHaveBean(JobHandlerEndpointRegistry.class)
				.doesNotHaveBean(JobWorkerContainerFactory.class);
		});
	}

	@Test
	void reclaimerIsDisabledByProperty() {
		this.contextRunner.withPropertyValues("jobqueue.reclaimer.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean(JobQueueReclaimer.class));
	}

	@Test
	void doesNotSwitchOnSchedulingForTheApplication() {
		this.contextRunner.run((context) -> assertThat(context)
			.doesNotHaveBean(TaskManagementConfigUtils.SCHEDULED_ANNOTATION_PROCESSOR_BEAN_NAME)
			.doesNotHaveBean(ScheduledAnnotationBeanPostProcessor.class));
	}

	@Test
	void queueOverridesTakePrecedenceOverDefaults() {
		this.contextRunner
			.withPropertyValues("jobqueue.visibility-timeout=7s", "jobqueue.worker.concurrency=2",
					"jobqueue.key-prefix=jq", "jobqueue.queues.emails.max-attempts=5",
					"jobqueue.queues.emails.worker.concurrency=8", "jobqueue.queues.emails.finished-ttl=60",
					"jobqueue.queues.emails.reclaimer.interval=250ms")
			.run((context) -> {
				JobQueueCatalog catalog = context.getBean(JobQueueCatalog.class);
				QueueSettings emails = context.getBean(JobQueueAdmin.class).settings("emails");
				assertThat(emails.maxAttempts()).isEqualTo(5);
				assertThat(emails.visibilityTimeout()).isEqualTo(Duration.ofSeconds(7));
				assertThat(emails.finishedTtl()).isEqualTo(Duration.ofSeconds(60));
				assertThat(emails.keys().pending()).isEqualTo("jq:emails:pending");
				assertThat(catalog.getSettings().getWorkerSettings("emails").concurrency()).isEqualTo(8);
				assertThat(catalog.getSettings().getWorkerSettings("other").concurrency()).isEqualTo(2);
				assertThat(catalog.getSettings().getReclaimInterval("emails")).isEqualTo(Duration.ofMillis(250));
				assertThat(catalog.getSettings().getReclaimInterval("other")).isEqualTo(Duration.ofSeconds(1));
				assertThat(context.getBean(JobQueueAdmin.class).settings("other").maxAttempts()).isEqualTo(3);
			});
	}

	@Test
	void defaultsAreTheReferenceHelpers() {
		this.contextRunner.run((context) -> {
			QueueSettings settings = context.getBean(JobQueueAdmin.class).settings("jobs");
			assertThat(settings).isEqualTo(QueueSettings.defaults("jobs"));
			JobWorkerSettings worker = context.getBean(JobQueueCatalog.class).getSettings().getWorkerSettings("jobs");
			assertThat(worker).isEqualTo(JobWorkerSettings.defaults());
		});
	}

	@Test
	void invalidQueueValueFailsStartupNamingTheProperty() {
		this.contextRunner.withPropertyValues("jobqueue.queues.emails.max-attempts=0").run((context) -> {
			assertThat(context).hasFailed();
			assertThat(context.getStartupFailure()).rootCause()
				.isInstanceOf(BindValidationException.class)
				.hasMessageContaining("queues[emails].max-attempts")
				.hasMessageContaining("must be at least 1");
		});
	}

	@Test
	void twoHandlersForTheSameRouteFailStartup() {
		this.contextRunner.withUserConfiguration(ClashingHandlers.class).run((context) -> {
			assertThat(context).hasFailed();
			assertThat(NestedExceptionUtils.getMostSpecificCause(context.getStartupFailure()))
				.hasMessageContaining("Two @JobHandler methods claim the same route")
				.hasMessageContaining("first")
				.hasMessageContaining("second");
		});
	}

	@Configuration(proxyBeanMethods = false)
	static class UserOperationsConfiguration {

		@Bean
		JobQueueOperations customOperations() {
			return mock(JobQueueOperations.class);
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class UserAdminConfiguration {

		@Bean
		JobQueueAdmin customAdmin() {
			return mock(JobQueueAdmin.class);
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class UserWorkerProtocolConfiguration {

		@Bean
		JobWorkerProtocol customWorkerProtocol() {
			return mock(JobWorkerProtocol.class);
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class UserContainerFactoryConfiguration {

		@Bean
		JobWorkerContainerFactory jobWorkerContainerFactory(JobWorkerProtocol operations) {
			JobWorkerContainerFactory factory = new JobWorkerContainerFactory(operations);
			factory.setSettings((queue) -> JobWorkerSettings.defaults().withConcurrency(9));
			return factory;
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class ClashingHandlers {

		@Bean
		Handlers handlers() {
			return new Handlers();
		}

		static class Handlers {

			@JobHandler(queue = "clash", kind = "email")
			void first(String payload) {
			}

			@JobHandler(queue = "clash", kind = "email")
			void second(String payload) {
			}

		}

	}

}
