package dev.jobqueue;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import io.lettuce.core.pubsub.RedisPubSubAdapter;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.awaitility.Awaitility.await;

/**
 * Progress reports of running jobs through the worker protocol.
 */
class ProgressTests extends AbstractRedisTests {

	@Test
	void aReportIsStoredOnTheJobAndPublished() {
		List<String> messages = new CopyOnWriteArrayList<>();
		StatefulRedisPubSubConnection<String, String> sub = client.connectPubSub();
		try {
			sub.addListener(new RedisPubSubAdapter<>() {
				@Override
				public void message(String channel, String message) {
					messages.add(message);
				}
			});
			sub.sync().subscribe(this.keys.progressChannel());
			String id = this.jobs.enqueue(this.queue, "x");
			ClaimedJob job = this.worker.claimAvailable(this.queue, 1).get(0);

			assertThat(this.worker.reportProgress(job, 40, "{\"rows\":400}")).isTrue();

			assertThat(hash(id)).containsEntry("progress", "40")
				.containsEntry("progress_detail", "{\"rows\":400}")
				.containsEntry("progress_at_ms", String.valueOf(T0));
			await().atMost(Duration.ofSeconds(30))
				.until(() -> messages.contains("{\"id\":\"" + id + "\",\"progress\":40,\"detail\":{\"rows\":400}}"));

			assertThat(this.worker.reportProgress(job, 60, null)).isTrue();
			assertThat(hash(id)).containsEntry("progress", "60").doesNotContainKey("progress_detail");
			await().atMost(Duration.ofSeconds(30))
				.until(() -> messages.contains("{\"id\":\"" + id + "\",\"progress\":60,\"detail\":null}"));
		}
		finally {
			sub.close();
		}
	}

	@Test
	void aReportWithoutTheClaimChangesNothing() {
		String id = this.jobs.enqueue(this.queue, "x");
		ClaimedJob job = this.worker.claimAvailable(this.queue, 1).get(0);
		this.worker.complete(job, null);

		assertThat(this.worker.reportProgress(job, 50, null)).isFalse();
		assertThat(hash(id)).doesNotContainKey("progress");
	}

	@Test
	void aPercentOutsideTheRangeIsRefused() {
		this.jobs.enqueue(this.queue, "x");
		ClaimedJob job = this.worker.claimAvailable(this.queue, 1).get(0);

		assertThatIllegalArgumentException().isThrownBy(() -> this.worker.reportProgress(job, 101, null))
			.withMessageContaining("percent");
	}

}
