package com.example.payments;

import java.util.List;

import dev.jobqueue.worker.DefaultJobErrorHandler;
import dev.jobqueue.worker.JobErrorHandler;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Replaces the default error handler with one that knows more not-retryable failures. */
@Configuration(proxyBeanMethods = false)
class PaymentErrorHandling {

	// tag::error-handler[]
	@Bean
	JobErrorHandler jobErrorHandler() {
		DefaultJobErrorHandler errorHandler = new DefaultJobErrorHandler();
		// fail for good at once, also as the cause of another exception
		errorHandler.addNotRetryableExceptions(List.of(IllegalArgumentException.class, ClassCastException.class));
		return errorHandler;
	}
	// end::error-handler[]

}
