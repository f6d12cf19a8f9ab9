package dev.jobqueue.boot.test;

import org.springframework.context.ApplicationContext;
import org.springframework.core.Ordered;
import org.springframework.test.context.TestContext;
import org.springframework.test.context.TestExecutionListener;

/**
 * Before each test method, clears the {@link CapturedJobs} and {@link JobQueueTester}
 * beans of the test's (already loaded) application context, so a test sees only what
 * happens during it even when the context is cached and shared.
 */
public final class JobQueueTestExecutionListener implements TestExecutionListener, Ordered {

	@Override
	public void beforeTestMethod(TestContext testContext) {
		if (!testContext.hasApplicationContext()) {
			return;
		}
		ApplicationContext context = testContext.getApplicationContext();
		context.getBeanProvider(CapturedJobs.class).forEach(CapturedJobs::clear);
		context.getBeanProvider(JobQueueTester.class).forEach(JobQueueTester::clear);
	}

	@Override
	public int getOrder() {
		return Ordered.LOWEST_PRECEDENCE;
	}

}
