package dev.jobqueue.docs.core;

import java.time.Duration;

import dev.jobqueue.JacksonJobPayloadConverter;
import dev.jobqueue.JobQueueAdmin;
import dev.jobqueue.JobQueueClients;
import dev.jobqueue.JobQueueTemplate;
import dev.jobqueue.JobWorkerProtocol;
import dev.jobqueue.QueueSettings;
import dev.jobqueue.annotation.EnableJobHandlers;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.redis.connection.RedisConnectionFactory;

/**
 * The three queue clients declared with plain Spring, as {@code docs/client-api.md} shows
 * them.
 */
// tag::configuration[]
@Configuration(proxyBeanMethods = false)
@EnableJobHandlers
public class PlainSpringConfiguration {

	@Bean
	JobQueueClients jobQueueClients(RedisConnectionFactory connectionFactory) {
		return JobQueueClients.builder(connectionFactory)
			.settings((queue) -> QueueSettings.defaults(queue).withMaxAttempts(5))
			.converter(new JacksonJobPayloadConverter())
			.enqueueReplicas(1, Duration.ofSeconds(1)) // optional: durable enqueue
			.build();
	}

	@Bean
	JobQueueTemplate jobQueueTemplate(JobQueueClients clients) {
		return clients.template();
	}

	@Bean
	JobQueueAdmin jobQueueAdmin(JobQueueClients clients) {
		return clients.admin();
	}

	@Bean
	JobWorkerProtocol jobWorkerProtocol(JobQueueClients clients) {
		return clients.workerProtocol();
	}

}
// end::configuration[]
