package com.example.tracing;

import java.util.Map;

import dev.jobqueue.JobQueueOperations;

import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Enqueues a receipt inside the HTTP request's span: the enqueue span is its child.
 */
@RestController
public class ReceiptController {

	private final JobQueueOperations jobs;

	public ReceiptController(JobQueueOperations jobs) {
		this.jobs = jobs;
	}

	@PostMapping("/orders/{id}/receipt")
	public String sendReceipt(@PathVariable String id) {
		return this.jobs.enqueue("receipts", Map.of("kind", "receipt", "order", id));
	}

}
