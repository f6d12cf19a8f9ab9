package dev.jobqueue;

import java.time.Duration;
import java.util.Locale;

import org.springframework.util.Assert;

/**
 * How {@link JobQueueOperations#enqueue(String, String, Object, Deduplication)} treats an
 * existing job with the same id, beyond {@code enqueueIfAbsent}'s "refuse while the hash
 * exists". Immutable.
 */
public final class Deduplication {

	private static final Deduplication REPLACE = new Deduplication(Mode.REPLACE, Duration.ZERO);

	private final Mode mode;

	private final Duration duration;

	private Deduplication(Mode mode, Duration duration) {
		this.mode = mode;
		this.duration = duration;
	}

	/**
	 * Replaces the payload of a job with the same id that has not started (pending or
	 * delayed), keeping its place and due time; enqueues a plain job when there is no job
	 * with the id; refuses while the job runs or after it finished (until its hash
	 * expires).
	 * @return the mode
	 */
	public static Deduplication replace() {
		return REPLACE;
	}

	/**
	 * Debounces: the job runs once the id has not been enqueued again for the delay.
	 * Every enqueue of an id whose job has not started replaces the payload and pushes
	 * the due time back to now + the delay (a pending job goes back to the delayed set);
	 * with no job, or a finished one, a new delayed job is enqueued (replacing the
	 * finished one's hash); a running job refuses.
	 * @param delay how long after the last enqueue the job runs, at least 1 ms
	 * @return the mode
	 * @throws IllegalArgumentException if the delay is null or under 1 ms
	 */
	public static Deduplication debounce(Duration delay) {
		Assert.isTrue(delay != null && delay.toMillis() > 0, () -> "delay must be at least 1 ms, was " + delay);
		return new Deduplication(Mode.DEBOUNCE, delay);
	}

	/**
	 * Refuses the id while its job has not finished and for the window after it finished
	 * (completed, failed or cancelled); after that a new job with the id is enqueued,
	 * replacing the finished one's hash. The finished hash is kept at least for the
	 * window, even when that is longer than the finished-job TTL.
	 * @param window how long after the job finished the id is refused, at least 1 ms
	 * @return the mode
	 * @throws IllegalArgumentException if the window is null or under 1 ms
	 */
	public static Deduplication window(Duration window) {
		Assert.isTrue(window != null && window.toMillis() > 0, () -> "window must be at least 1 ms, was " + window);
		return new Deduplication(Mode.WINDOW, window);
	}

	/**
	 * Returns the mode.
	 * @return the mode
	 */
	public Mode getMode() {
		return this.mode;
	}

	/**
	 * Returns the debounce delay or the window.
	 * @return the duration, zero for {@link Mode#REPLACE}
	 */
	public Duration getDuration() {
		return this.duration;
	}

	String script() {
		return this.mode.name().toLowerCase(Locale.ROOT);
	}

	@Override
	public boolean equals(Object other) {
		return other instanceof Deduplication that && this.mode == that.mode && this.duration.equals(that.duration);
	}

	@Override
	public int hashCode() {
		return this.mode.hashCode() * 31 + this.duration.hashCode();
	}

	@Override
	public String toString() {
		return "Deduplication[" + this.mode + ((this.mode != Mode.REPLACE) ? " " + this.duration : "") + "]";
	}

	/**
	 * The deduplication modes.
	 */
	public enum Mode {

		/** See {@link Deduplication#replace()}. */
		REPLACE,

		/** See {@link Deduplication#debounce(Duration)}. */
		DEBOUNCE,

		/** See {@link Deduplication#window(Duration)}. */
		WINDOW

	}

	/**
	 * What an enqueue with a deduplication mode did.
	 */
	public enum Outcome {

		/** A new job was enqueued with the id. */
		ENQUEUED,

		/**
		 * The existing job, not started yet, was updated: its payload replaced (and for a
		 * debounce its due time pushed back).
		 */
		UPDATED,

		/** The existing job was left alone and nothing was enqueued. */
		REFUSED

	}

}
