package dev.jobqueue;

import java.time.Instant;
import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * What one promotion of due delayed jobs did.
 *
 * @param queue the queue name
 * @param promoted how many due jobs moved to pending
 * @param missing due ids whose hash was gone; each was failed for good with a
 * {@code last_error} saying so
 * @param expired due ids past their expiry; each was failed for good as expired
 * @param nextDueAt when the soonest job still delayed is due, or null when none is left
 */
public record DelayedPromotion(String queue, int promoted, List<String> missing, List<String> expired,
		@Nullable Instant nextDueAt) {

	/**
	 * Creates the result with unmodifiable copies of the id lists.
	 * @param queue see the record description
	 * @param promoted see the record description
	 * @param missing see the record description
	 * @param expired see the record description
	 * @param nextDueAt see the record description
	 */
	public DelayedPromotion {
		missing = List.copyOf(missing);
		expired = List.copyOf(expired);
	}

	/**
	 * Whether the batch was full, so more due jobs may be waiting.
	 * @param batchSize the most jobs the promotion could move
	 * @return true when it took as many ids as it could
	 */
	public boolean isFull(int batchSize) {
		return this.promoted + this.missing.size() + this.expired.size() >= batchSize;
	}

}
