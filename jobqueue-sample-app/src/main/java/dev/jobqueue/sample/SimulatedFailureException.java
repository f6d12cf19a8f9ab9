package dev.jobqueue.sample;

/**
 * Thrown by a demo worker whose dice said fail; the starter stores it as the job's
 * {@code last_error} and retries the job until its last attempt.
 */
final class SimulatedFailureException extends RuntimeException {

	SimulatedFailureException(String message) {
		super(message, null, false, false);
	}

}
