package dev.jobqueue.docs.exchange;

import dev.jobqueue.JobPayloadConverter;
import dev.jobqueue.JobQueueOperations;
import dev.jobqueue.exchange.JobExchangeProxyFactory;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Declares the {@link Mailer} proxy, as {@code docs/typed-producers.md} shows it.
 */
@Configuration(proxyBeanMethods = false)
public class MailerConfiguration {

	// tag::bean[]
	@Bean
	Mailer mailer(JobQueueOperations jobs, JobPayloadConverter converter) {
		return JobExchangeProxyFactory.create(jobs, converter).createClient(Mailer.class);
	}
	// end::bean[]

}
