package dev.jobqueue.worker;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Wraps a real client interface (never Redis itself) to count failures of one method or
 * run a hook before it, for tests that need to see or cause what the container meets.
 */
final class Intercepted {

	private Intercepted() {
	}

	/**
	 * Counts the calls of a method that threw.
	 */
	static <T> T countingFailures(Class<T> type, T delegate, String method, AtomicInteger failures) {
		return wrap(type, delegate, method, () -> {
		}, failures);
	}

	/**
	 * Runs a hook before each call of a method; what the hook throws, the call throws.
	 */
	static <T> T before(Class<T> type, T delegate, String method, Runnable hook) {
		return wrap(type, delegate, method, hook, new AtomicInteger());
	}

	private static <T> T wrap(Class<T> type, T delegate, String method, Runnable hook, AtomicInteger failures) {
		Object proxy = Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] { type }, (self, called, args) -> {
			boolean intercepted = called.getName().equals(method);
			if (intercepted) {
				hook.run();
			}
			try {
				return called.invoke(delegate, args);
			}
			catch (InvocationTargetException ex) {
				if (intercepted) {
					failures.incrementAndGet();
				}
				throw ex.getTargetException();
			}
		});
		return type.cast(proxy);
	}

}
