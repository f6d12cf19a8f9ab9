package dev.jobqueue.dashboard;

import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

import dev.jobqueue.QueueKeys;
import dev.jobqueue.test.MutableClock;
import dev.jobqueue.test.RedisTestServers;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import org.springframework.data.redis.connection.RedisStandaloneConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.core.StringRedisTemplate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link InstanceRegistry} and {@link InstanceHeartbeat} on a real Redis.
 */
class InstanceRegistryTests {

	static LettuceConnectionFactory connectionFactory;

	static StringRedisTemplate redis;

	final String queue = "registry-" + ProcessHandle.current().pid() + "-" + System.nanoTime();

	final QueueKeys keys = new QueueKeys("queue", this.queue, false);

	final MutableClock clock = new MutableClock(1_800_000_000_000L);

	final InstanceRegistry registry = new InstanceRegistry(redis, (name) -> this.keys, this.clock);

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
	void liveInstancesAreListedAndExpiredOnesLeave() {
		this.registry.heartbeat(this.queue, instance("a", 2), Duration.ofSeconds(15));
		this.clock.advance(Duration.ofSeconds(10));
		this.registry.heartbeat(this.queue, instance("b", 1), Duration.ofSeconds(15));
		assertThat(this.registry.instances(this.queue)).extracting(InstanceRegistry.Instance::id)
			.containsExactly("a", "b");
		this.clock.advance(Duration.ofSeconds(6));
		assertThat(this.registry.instances(this.queue)).extracting(InstanceRegistry.Instance::id).containsExactly("b");
		this.registry.heartbeat(this.queue, instance("b", 0), Duration.ofSeconds(15));
		assertThat(redis.opsForHash().keys(this.keys.instanceInfo())).as("the next heartbeat forgets a")
			.containsExactly("b");
		assertThat(this.registry.instances(this.queue).get(0).active()).isZero();
	}

	@Test
	void keysExpireWhenNoInstanceBeats() {
		this.registry.heartbeat(this.queue, instance("a", 0), Duration.ofSeconds(15));
		assertThat(redis.getExpire(this.keys.instances())).isBetween(1L, 30L);
		assertThat(redis.getExpire(this.keys.instanceInfo())).isBetween(1L, 30L);
	}

	@Test
	void heartbeatRegistersWorkedQueuesAndLeavesOnStop() {
		AtomicReference<Collection<InstanceHeartbeat.WorkedQueue>> worked = new AtomicReference<>(
				List.of(new InstanceHeartbeat.WorkedQueue(this.queue, 4, 1)));
		InstanceHeartbeat heartbeat = new InstanceHeartbeat(this.registry, worked::get, Duration.ofSeconds(5),
				this.clock);
		heartbeat.beat();
		List<InstanceRegistry.Instance> instances = this.registry.instances(this.queue);
		assertThat(instances).singleElement().satisfies((instance) -> {
			assertThat(instance.id()).isEqualTo(heartbeat.getInstanceId());
			assertThat(instance.pid()).isEqualTo(ProcessHandle.current().pid());
			assertThat(instance.concurrency()).isEqualTo(4);
			assertThat(instance.active()).isEqualTo(1);
		});
		heartbeat.start();
		heartbeat.stop();
		assertThat(this.registry.instances(this.queue)).isEmpty();
	}

	@Test
	void unreadableDescriptionsAreShownAsSuch() {
		this.registry.heartbeat(this.queue, instance("a", 0), Duration.ofSeconds(15));
		redis.opsForHash().put(this.keys.instanceInfo(), "a", "not json");
		assertThat(this.registry.instances(this.queue)).singleElement()
			.satisfies((instance) -> assertThat(instance.host()).contains("unreadable"));
	}

	private InstanceRegistry.Instance instance(String id, int active) {
		return new InstanceRegistry.Instance(id, "host-" + id, 42, this.clock.millis(), 2, active, this.clock.millis());
	}

}
