package dev.jobqueue;

import java.time.Duration;
import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * What a claim that does not wait returned: the jobs, and when to look again if a limit
 * held jobs back.
 *
 * @param jobs the jobs claimed, oldest first
 * @param retryAfter null when nothing more may start until a job arrives or the queue
 * resumes (both wake the claimant); otherwise how long until a concurrency or rate limit
 * may let another job start
 */
public record ClaimBatch(List<ClaimedJob> jobs, @Nullable Duration retryAfter) {

}
