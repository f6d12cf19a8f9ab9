package com.example.payments;

import dev.jobqueue.annotation.JobHandler;
import dev.jobqueue.worker.NonRetryableJobException;

import org.springframework.stereotype.Component;

/** Runs the jobs of the {@code payments} queue. */
@Component
class PaymentJobs {

	private final PaymentGateway gateway;

	PaymentJobs(PaymentGateway gateway) {
		this.gateway = gateway;
	}

	// tag::handler[]
	@JobHandler(queue = "payments")
	String charge(Payment payment) {
		PaymentGateway.Reply reply = this.gateway.charge(payment.card(), payment.cents());
		if (reply.declined()) {
			// another attempt would be declined too: fail the job for good now
			throw new NonRetryableJobException("card declined: " + reply.reason());
		}
		return reply.transactionId(); // any other exception is retried until max-attempts
	}
	// end::handler[]

	/** The payload of a payment job. */
	record Payment(String card, long cents) {
	}

}
