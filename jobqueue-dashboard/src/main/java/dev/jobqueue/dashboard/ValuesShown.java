package dev.jobqueue.dashboard;

/**
 * When payloads and results are shown, with the meaning of Boot's {@code show-values} for
 * actuator endpoints; the dashboard follows the {@code jobqueue} endpoint's setting.
 */
public enum ValuesShown {

	/** Never shown: they read as ******. */
	NEVER,

	/** Shown to every caller. */
	ALWAYS,

	/** Shown to an authenticated caller who has one of the configured roles, if any. */
	WHEN_AUTHORIZED

}
