package dev.jobqueue.scheduling;

/**
 * What a recurring schedule does about the ticks it missed while no instance ran it.
 */
public enum MissedTickPolicy {

	/** Enqueue one job for the missed ticks (the first one missed), then go on. */
	RUN_ONCE,

	/** Enqueue nothing for the missed ticks; wait for the next one. */
	SKIP

}
