package dev.jobqueue.autoconfigure;

import dev.jobqueue.JacksonJobPayloadConverter;
import dev.jobqueue.JobPayloadConverter;
import dev.jobqueue.JobQueueAdmin;
import dev.jobqueue.JobQueueClients;
import dev.jobqueue.JobQueueOperations;
import dev.jobqueue.JobQueueTemplate;
import dev.jobqueue.JobWorkerProtocol;
import dev.jobqueue.boot.JobQueueCatalog;
import dev.jobqueue.config.QueueSettingsResolver;
import dev.jobqueue.observation.JobEnqueueObserver;
import dev.jobqueue.transaction.TransactionAwareJobQueueOperations;
import dev.jobqueue.worker.JobHandlerEndpointRegistry;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnSingleCandidate;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.data.redis.core.StringRedisTemplate;

/**
 * {@link org.springframework.boot.autoconfigure.EnableAutoConfiguration
 * Auto-configuration} for jobqueue: the queue template, admin and worker clients on the
 * application's Redis, {@code @JobHandler} workers and the reclaimer, configured by
 * {@code jobqueue.*}.
 */
@AutoConfiguration(after = DataRedisAutoConfiguration.class,
		afterName = "org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration")
@ConditionalOnClass({ JobQueueTemplate.class, StringRedisTemplate.class })
@ConditionalOnSingleCandidate(RedisConnectionFactory.class)
@ConditionalOnBooleanProperty(name = "jobqueue.enabled", matchIfMissing = true)
@EnableConfigurationProperties(JobQueueProperties.class)
@Import({ JobQueueAnnotationDrivenConfiguration.class, JobQueueReclaimerConfiguration.class,
		JobQueueSchedulingConfiguration.class })
public final class JobQueueAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	QueueSettingsResolver jobQueueSettingsResolver(JobQueueProperties properties) {
		return QueueConfigMapper.resolver(properties);
	}

	@Bean
	@ConditionalOnMissingBean
	JobQueueCatalog jobQueueCatalog(QueueSettingsResolver settings,
			ObjectProvider<JobHandlerEndpointRegistry> registry) {
		return new JobQueueCatalog(settings, registry::getIfAvailable);
	}

	@Bean
	@ConditionalOnMissingBean
	JobPayloadConverter jobPayloadConverter(ObjectProvider<JsonMapper> jsonMapper) {
		JsonMapper mapper = jsonMapper.getIfUnique();
		return (mapper != null) ? new JacksonJobPayloadConverter(mapper) : new JacksonJobPayloadConverter();
	}

	@Bean
	@ConditionalOnMissingBean
	JobQueueClients jobQueueClients(RedisConnectionFactory connectionFactory, JobPayloadConverter converter,
			QueueSettingsResolver settings, JobQueueProperties properties,
			ObjectProvider<JobEnqueueObserver> enqueueObserver) {
		// A template of its own: the application's StringRedisTemplate may carry other
		// serializers.
		JobQueueClients.Builder builder = JobQueueClients.builder(connectionFactory)
			.converter(converter)
			.settings(settings::getQueueSettings)
			.shards(settings.getQueueShards())
			.flowControl(QueueConfigMapper.flowControl(properties, settings::getLogicalQueue));
		JobQueueProperties.Producer producer = properties.getProducer();
		if (producer.getWaitForReplicas() > 0) {
			builder.enqueueReplicas(producer.getWaitForReplicas(), producer.getWaitTimeout());
		}
		JobQueueClients clients = builder.build();
		// on the template itself, so every JobQueueOperations built on it is observed
		enqueueObserver.ifAvailable(clients.template()::setEnqueueObserver);
		return clients;
	}

	@Bean
	@ConditionalOnMissingBean(JobQueueOperations.class)
	@ConditionalOnBooleanProperty(name = "jobqueue.producer.transaction-aware", matchIfMissing = true)
	TransactionAwareJobQueueOperations transactionAwareJobQueueOperations(JobQueueClients clients,
			JobPayloadConverter converter, QueueSettingsResolver settings) {
		return new TransactionAwareJobQueueOperations(clients.template(), converter, settings::getQueueSettings);
	}

	@Bean
	@ConditionalOnMissingBean(JobQueueOperations.class)
	@ConditionalOnBooleanProperty(name = "jobqueue.producer.transaction-aware", havingValue = false)
	JobQueueTemplate jobQueueTemplate(JobQueueClients clients) {
		return clients.template();
	}

	@Bean
	@ConditionalOnMissingBean
	JobQueueAdmin jobQueueAdmin(JobQueueClients clients) {
		return clients.admin();
	}

	@Bean
	@ConditionalOnMissingBean
	JobWorkerProtocol jobWorkerProtocol(JobQueueClients clients) {
		return clients.workerProtocol();
	}

	@Bean
	RedisEvictionPolicyCheck jobQueueRedisEvictionPolicyCheck(RedisConnectionFactory connectionFactory) {
		return new RedisEvictionPolicyCheck(connectionFactory);
	}

}
