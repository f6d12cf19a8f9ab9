package dev.jobqueue.autoconfigure;

import java.time.Clock;

import dev.jobqueue.JacksonJobPayloadConverter;
import dev.jobqueue.JobPayloadConverter;
import dev.jobqueue.JobQueueOperations;
import dev.jobqueue.JobQueueProducer;
import dev.jobqueue.JobQueueScripts;
import dev.jobqueue.JobQueueTemplate;
import dev.jobqueue.boot.JobQueueCatalog;
import dev.jobqueue.config.QueueSettingsResolver;
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
 * Auto-configuration} for jobqueue: the queue template on the application's Redis, a
 * producer, {@code @JobHandler} workers and the reclaimer, configured by
 * {@code jobqueue.*}.
 */
@AutoConfiguration(after = DataRedisAutoConfiguration.class,
		afterName = "org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration")
@ConditionalOnClass({ JobQueueTemplate.class, StringRedisTemplate.class })
@ConditionalOnSingleCandidate(RedisConnectionFactory.class)
@ConditionalOnBooleanProperty(name = "jobqueue.enabled", matchIfMissing = true)
@EnableConfigurationProperties(JobQueueProperties.class)
@Import({ JobQueueAnnotationDrivenConfiguration.class, JobQueueReclaimerConfiguration.class })
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
	JobQueueScripts jobQueueScripts() {
		return new JobQueueScripts();
	}

	@Bean
	@ConditionalOnMissingBean(JobQueueOperations.class)
	JobQueueTemplate jobQueueTemplate(RedisConnectionFactory connectionFactory, JobQueueScripts scripts,
			JobPayloadConverter converter, QueueSettingsResolver settings, JobQueueProperties properties) {
		// A template of its own: the application's StringRedisTemplate may carry other
		// serializers.
		StringRedisTemplate redis = new StringRedisTemplate(connectionFactory);
		JobQueueTemplate template = new JobQueueTemplate(redis, scripts, converter, settings::getQueueSettings,
				Clock.systemUTC());
		JobQueueProperties.Producer producer = properties.getProducer();
		if (producer.getWaitForReplicas() > 0) {
			template.setEnqueueReplicas(producer.getWaitForReplicas(), producer.getWaitTimeout());
		}
		return template;
	}

	@Bean
	RedisEvictionPolicyCheck jobQueueRedisEvictionPolicyCheck(RedisConnectionFactory connectionFactory) {
		return new RedisEvictionPolicyCheck(connectionFactory);
	}

	@Bean
	@ConditionalOnMissingBean
	JobQueueProducer jobQueueProducer(JobQueueOperations operations, JobPayloadConverter converter) {
		return new JobQueueProducer(operations, converter);
	}

}
