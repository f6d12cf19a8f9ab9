package dev.jobqueue;

/**
 * Glob escaping for KEYS patterns in tests.
 */
final class AbstractRedisTestsGlob {

	private AbstractRedisTestsGlob() {
	}

	static String of(String literal) {
		return QueuePurger.escapeGlob(literal);
	}

}
