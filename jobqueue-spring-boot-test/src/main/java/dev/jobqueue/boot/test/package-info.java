/**
 * Test support for applications that use jobqueue: {@link JobQueueTester} and
 * {@link JobQueueAssertions} to await and assert job outcomes, {@link CaptureJobs} and
 * {@link CapturedJobs} to record what code under test enqueues, {@link InlineJobRunner}
 * to run handlers on the test thread, and {@link AutoConfigureTestRedis} for a real Redis
 * in integration tests.
 */
@NullMarked
package dev.jobqueue.boot.test;

import org.jspecify.annotations.NullMarked;
