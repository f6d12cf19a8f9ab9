package dev.jobqueue;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.function.Function;

import org.springframework.util.Assert;

/**
 * The per-queue cache of settings, keys and counters.
 */
final class QueueContexts {

	private final Function<String, QueueSettings> settings;

	private final ConcurrentMap<String, QueueContext> queues = new ConcurrentHashMap<>();

	QueueContexts(Function<String, QueueSettings> settings) {
		this.settings = settings;
	}

	/**
	 * Returns the context of a queue, keeping it.
	 * @param name the queue name
	 * @return the context
	 */
	QueueContext forWork(String name) {
		checkName(name);
		return this.queues.computeIfAbsent(name, this::create);
	}

	private QueueContext create(String name) {
		QueueSettings resolved = this.settings.apply(name);
		Assert.state(resolved != null && resolved.name().equals(name),
				() -> "settings for queue '" + name + "' must carry that name, got " + resolved);
		return new QueueContext(resolved);
	}

	private static void checkName(String name) {
		Assert.isTrue(name != null && !name.isBlank(), "queue must not be blank");
	}

}
