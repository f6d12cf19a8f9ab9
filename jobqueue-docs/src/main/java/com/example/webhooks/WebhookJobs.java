package com.example.webhooks;

import dev.jobqueue.annotation.Backoff;
import dev.jobqueue.annotation.JobHandler;
import dev.jobqueue.worker.NonRetryableJobException;
import dev.jobqueue.worker.RetryJobLaterException;

import org.springframework.stereotype.Component;

/** Delivers the jobs of the {@code webhooks} queue to partners. */
@Component
class WebhookJobs {

	private final PartnerClient partner;

	WebhookJobs(PartnerClient partner) {
		this.partner = partner;
	}

	// tag::handler[]
	@JobHandler(queue = "webhooks", backoff = @Backoff(delay = "${webhooks.first-retry:5s}", maxDelay = "30m"),
			notRetryable = IllegalArgumentException.class)
	void deliver(Webhook webhook) {
		PartnerClient.Response response = this.partner.post(webhook.url(), webhook.body());
		int status = response.status();
		if (status == 429 || status == 503) {
			// the partner says when to come back: wait that long rather than the back-off
			throw new RetryJobLaterException(response.retryAfter(), "partner answered " + status);
		}
		if (status >= 400 && status < 500) {
			// the partner will refuse this request again: fail the job for good now
			throw new NonRetryableJobException("partner refused the webhook with " + status);
		}
		if (status >= 500) {
			// retried after 5 s, then 10 s, 20 s, ... up to 30 min (the queue's
			// multiplier and jitter)
			throw new IllegalStateException("partner failed with " + status);
		}
	}
	// end::handler[]

	/** The payload of a webhook job. */
	record Webhook(String url, String body) {
	}

}
