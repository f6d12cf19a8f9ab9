package dev.jobqueue;

import java.util.concurrent.ThreadLocalRandom;

/**
 * Makes job ids and claim tokens in the reference's format: 8 random bytes as 16
 * lower-case hex characters.
 */
final class JobIds {

	private static final char[] HEX = "0123456789abcdef".toCharArray();

	private JobIds() {
	}

	/**
	 * Returns a new random id.
	 * @return 16 lower-case hex characters
	 */
	static String newId() {
		long value = ThreadLocalRandom.current().nextLong();
		char[] chars = new char[16];
		for (int i = 15; i >= 0; i--) {
			chars[i] = HEX[(int) (value & 0xF)];
			value >>>= 4;
		}
		return new String(chars);
	}

}
