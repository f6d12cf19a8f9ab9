package dev.jobqueue.autoconfigure;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import dev.jobqueue.annotation.JobHandler;
import dev.jobqueue.worker.JobContext;

import org.springframework.context.annotation.Configuration;

/**
 * A handler of {@code ${test.queue}} that fails every attempt, recording which attempts
 * it saw: what the retry tests of the starter run.
 */
@Configuration(proxyBeanMethods = false)
class FailingHandler {

	final List<Integer> attempts = new CopyOnWriteArrayList<>();

	@JobHandler(queue = "${test.queue}")
	void fail(JobContext context) {
		this.attempts.add(context.attempt());
		throw new IllegalStateException("smtp down on attempt " + context.attempt());
	}

}
