package dev.jobqueue.test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A clock the tests set and advance, so the queue's timing rules (written with the
 * client's clock, as the reference does) are checked at their exact boundaries.
 */
public final class MutableClock extends Clock {

	private final AtomicLong millis;

	/**
	 * Creates a clock standing at the given time.
	 * @param millis epoch milliseconds
	 */
	public MutableClock(long millis) {
		this.millis = new AtomicLong(millis);
	}

	/**
	 * Sets the time.
	 * @param millis epoch milliseconds
	 */
	public void set(long millis) {
		this.millis.set(millis);
	}

	/**
	 * Moves the time forward (or back, for a negative delta).
	 * @param deltaMillis milliseconds to add
	 */
	public void advance(long deltaMillis) {
		this.millis.addAndGet(deltaMillis);
	}

	/**
	 * Moves the time forward (or back, for a negative duration).
	 * @param duration the time to add
	 */
	public void advance(Duration duration) {
		advance(duration.toMillis());
	}

	@Override
	public long millis() {
		return this.millis.get();
	}

	@Override
	public Instant instant() {
		return Instant.ofEpochMilli(millis());
	}

	@Override
	public ZoneId getZone() {
		return ZoneOffset.UTC;
	}

	@Override
	public Clock withZone(ZoneId zone) {
		return this;
	}

}
