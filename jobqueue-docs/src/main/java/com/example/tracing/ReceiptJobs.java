package com.example.tracing;

import java.util.Map;

import dev.jobqueue.annotation.JobHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.stereotype.Component;

/**
 * Runs in another application: the run's span continues the request's trace, and the log
 * line names the trace and the job.
 */
@Component
public class ReceiptJobs {

	private static final Logger logger = LoggerFactory.getLogger(ReceiptJobs.class);

	@JobHandler(queue = "receipts", kind = "receipt")
	public void send(Map<String, String> receipt) {
		// [4bf92f35...,a3ce929d...] [receipts 9f1c2e4b7a3d5e61] Sending the receipt of
		// order 42
		logger.info("Sending the receipt of order {}", receipt.get("order"));
	}

}
