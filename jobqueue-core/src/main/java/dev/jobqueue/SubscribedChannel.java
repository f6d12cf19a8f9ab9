package dev.jobqueue;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.data.redis.connection.Message;
import org.springframework.data.redis.connection.MessageListener;
import org.springframework.data.redis.connection.SubscriptionListener;

/**
 * One channel of the {@link JobEventSubscriber}'s subscription with its listeners;
 * confirmed once Redis acknowledged the subscription. A failing listener or callback is
 * logged and does not keep the others from their message.
 */
final class SubscribedChannel implements MessageListener, SubscriptionListener {

	// the subscriber's category: one place to tune what the event subscription logs
	private static final Log logger = LogFactory.getLog(JobEventSubscriber.class);

	final String name;

	final List<Consumer<byte[]>> listeners = new CopyOnWriteArrayList<>();

	final List<Runnable> subscribedCallbacks = new CopyOnWriteArrayList<>();

	final CompletableFuture<Void> confirmed = new CompletableFuture<>();

	SubscribedChannel(String name) {
		this.name = name;
	}

	void remove(Consumer<byte[]> listener, Runnable onSubscribed) {
		this.listeners.remove(listener);
		this.subscribedCallbacks.remove(onSubscribed);
	}

	@Override
	public void onMessage(Message message, byte @Nullable [] pattern) {
		byte[] body = message.getBody();
		for (Consumer<byte[]> listener : this.listeners) {
			try {
				listener.accept(body);
			}
			catch (RuntimeException ex) {
				logger.warn("A listener of channel '" + this.name + "' failed", ex);
			}
		}
	}

	@Override
	public void onChannelSubscribed(byte[] channel, long count) {
		if (this.confirmed.complete(null)) {
			// the first confirmation: nothing could have been missed before it
			return;
		}
		for (Runnable callback : this.subscribedCallbacks) {
			try {
				callback.run();
			}
			catch (RuntimeException ex) {
				logger.warn("A subscription callback of channel '" + this.name + "' failed", ex);
			}
		}
	}

}
