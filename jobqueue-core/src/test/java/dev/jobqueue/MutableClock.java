package dev.jobqueue;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A clock the tests set, so timing rules are checked at their exact boundaries.
 */
final class MutableClock extends Clock {

	private final AtomicLong millis;

	MutableClock(long millis) {
		this.millis = new AtomicLong(millis);
	}

	void set(long millis) {
		this.millis.set(millis);
	}

	void advance(long delta) {
		this.millis.addAndGet(delta);
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
