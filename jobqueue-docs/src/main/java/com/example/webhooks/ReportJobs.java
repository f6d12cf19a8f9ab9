package com.example.webhooks;

import java.util.concurrent.TimeUnit;

import dev.jobqueue.annotation.JobHandler;

import org.springframework.stereotype.Component;

/** Builds the reports of the {@code reports} queue, each within ten minutes. */
@Component
class ReportJobs {

	// tag::handler[]
	@JobHandler(queue = "reports", timeout = "10m")
	String build(Report report) throws InterruptedException {
		// an attempt still running after 10 minutes is interrupted here (sleep, blocking
		// I/O that honours interrupts) and fails with "timed out after 600s"
		for (int page = 1; page <= report.pages(); page++) {
			TimeUnit.MILLISECONDS.sleep(10); // render the page
		}
		return report.name() + ": " + report.pages() + " pages";
	}
	// end::handler[]

	/** The payload of a report job. */
	record Report(String name, int pages) {
	}

}
