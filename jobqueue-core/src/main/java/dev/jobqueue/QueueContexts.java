package dev.jobqueue;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.function.Function;

import org.springframework.util.Assert;

/**
 * The per-queue cache of settings, keys and counters. Only queues this process writes to
 * or works on are kept; a lookup of any other name builds a context it does not keep, so
 * a read-only caller (a dashboard, the actuator endpoint) cannot grow memory by asking
 * for names that do not exist.
 */
final class QueueContexts {

	private final Function<String, QueueSettings> settings;

	private final Function<String, FlowControl> flow;

	private final ConcurrentMap<String, QueueContext> queues = new ConcurrentHashMap<>();

	QueueContexts(Function<String, QueueSettings> settings) {
		this(settings, (name) -> FlowControl.defaults());
	}

	QueueContexts(Function<String, QueueSettings> settings, Function<String, FlowControl> flow) {
		this.settings = settings;
		this.flow = flow;
	}

	/**
	 * Returns the context of a queue this process writes to or works on, keeping it.
	 * @param name the queue name
	 * @return the context
	 */
	QueueContext forWork(String name) {
		checkName(name);
		return this.queues.computeIfAbsent(name, this::create);
	}

	/**
	 * Returns the kept context of a queue, or a fresh one that is not kept.
	 * @param name the queue name
	 * @return the context
	 */
	QueueContext forLookup(String name) {
		checkName(name);
		QueueContext queue = this.queues.get(name);
		return (queue != null) ? queue : create(name);
	}

	/**
	 * Returns how many queues are kept, for diagnostics.
	 * @return the number of queues
	 */
	int size() {
		return this.queues.size();
	}

	private QueueContext create(String name) {
		QueueSettings resolved = this.settings.apply(name);
		Assert.state(resolved != null && resolved.name().equals(name),
				() -> "settings for queue '" + name + "' must carry that name, got " + resolved);
		FlowControl flow = this.flow.apply(name);
		Assert.state(flow != null, () -> "flow control for queue '" + name + "' must not be null");
		return new QueueContext(resolved, flow);
	}

	private static void checkName(String name) {
		Assert.isTrue(name != null && !name.isBlank(), "queue must not be blank");
	}

}
