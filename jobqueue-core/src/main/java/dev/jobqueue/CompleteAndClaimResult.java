package dev.jobqueue;

import java.util.List;

/**
 * What {@link JobWorkerProtocol#completeAndClaim} did: whether the finished job was
 * completed, and the jobs it claimed in the same round trip.
 *
 * @param completed true when the job was completed; false when its claim was no longer
 * held
 * @param claimed the jobs claimed, oldest first; empty when none was pending
 */
public record CompleteAndClaimResult(boolean completed, List<ClaimedJob> claimed) {

	/**
	 * Creates the result with an unmodifiable copy of the claimed jobs.
	 * @param completed see the record description
	 * @param claimed see the record description
	 */
	public CompleteAndClaimResult {
		claimed = List.copyOf(claimed);
	}

}
