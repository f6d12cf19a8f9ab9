package dev.jobqueue.dashboard;

import java.time.Duration;

import dev.jobqueue.QueueKeys;
import dev.jobqueue.test.MutableClock;
import dev.jobqueue.test.RedisTestServers;
import io.lettuce.core.api.sync.RedisCommands;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import org.springframework.data.redis.connection.RedisStandaloneConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.core.StringRedisTemplate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link MinuteCounters} on a real Redis.
 */
class MinuteCountersTests {

	static LettuceConnectionFactory connectionFactory;

	static StringRedisTemplate redis;

	final String queue = "minutes-" + ProcessHandle.current().pid() + "-" + System.nanoTime();

	final QueueKeys keys = new QueueKeys("queue", this.queue, false);

	final MutableClock clock = new MutableClock(29_000_000L * 60_000 + 30_000);

	final MinuteCounters counters = new MinuteCounters(redis, (name) -> this.keys, this.clock);

	@BeforeAll
	static void connect() {
		var server = RedisTestServers.shared();
		connectionFactory = new LettuceConnectionFactory(
				new RedisStandaloneConfiguration(server.host(), server.port()));
		connectionFactory.afterPropertiesSet();
		connectionFactory.start();
		redis = new StringRedisTemplate(connectionFactory);
	}

	@AfterAll
	static void disconnect() {
		connectionFactory.destroy();
	}

	@Test
	void readsTheLastHourOldestFirstWithZerosForMissingMinutes() {
		long now = this.clock.millis() / 60_000;
		count(now, "completed", 7);
		count(now - 1, "failed", 2);
		count(now - 59, "retried", 3);
		count(now - 60, "completed", 100);
		MinuteCounters.Series series = this.counters.lastHour(this.queue);
		assertThat(series.startMs()).isEqualTo((now - 59) * 60_000);
		assertThat(series.completed()).hasSize(60);
		assertThat(series.completed()[59]).isEqualTo(7);
		assertThat(series.failed()[58]).isEqualTo(2);
		assertThat(series.retried()[0]).isEqualTo(3);
		assertThat(sum(series.completed())).as("the minute before the hour is left out").isEqualTo(7);
	}

	@Test
	void aFinishedMinuteIsReadOnceAndTheLastTwoEveryTime() {
		long now = this.clock.millis() / 60_000;
		count(now - 5, "completed", 1);
		this.counters.lastHour(this.queue);
		count(now - 5, "completed", 1);
		count(now - 1, "completed", 1);
		count(now, "completed", 1);
		MinuteCounters.Series series = this.counters.lastHour(this.queue);
		assertThat(series.completed()[54]).as("kept from the first read").isEqualTo(1);
		assertThat(series.completed()[58]).isEqualTo(1);
		assertThat(series.completed()[59]).isEqualTo(1);
		long before = CommandStats.calls(commands(), "hmget:");
		this.counters.lastHour(this.queue);
		assertThat(CommandStats.calls(commands(), "hmget:") - before).isEqualTo(2);
		this.clock.advance(Duration.ofMinutes(1));
		series = this.counters.lastHour(this.queue);
		assertThat(series.completed()[53]).isEqualTo(1);
		assertThat(series.completed()[58]).as("the minute that was current").isEqualTo(1);
	}

	@Test
	void unreadableCountsAreZero() {
		long now = this.clock.millis() / 60_000;
		redis.opsForHash().put(this.keys.counts(now), "completed", "nan");
		assertThat(this.counters.lastHour(this.queue).completed()[59]).isZero();
	}

	private void count(long minute, String field, long by) {
		redis.opsForHash().increment(this.keys.counts(minute), field, by);
	}

	private static long sum(long[] values) {
		long total = 0;
		for (long value : values) {
			total += value;
		}
		return total;
	}

	private static RedisCommands<String, String> commands() {
		return DashboardTestSupport.redis();
	}

}
