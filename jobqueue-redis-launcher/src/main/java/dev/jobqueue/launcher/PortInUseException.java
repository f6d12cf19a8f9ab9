package dev.jobqueue.launcher;

/**
 * Another process bound a server's port before it did; the launcher tries another port
 * when it chose the port itself.
 */
final class PortInUseException extends IllegalStateException {

	private static final long serialVersionUID = 1L;

	PortInUseException(String message) {
		super(message);
	}

}
