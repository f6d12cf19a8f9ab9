package dev.jobqueue.dashboard;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

import dev.jobqueue.QueueKeys;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.core.io.ClassPathResource;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.data.redis.core.script.RedisScript;

/**
 * The registry of application instances working each queue, in Redis: each instance
 * writes a heartbeat that expires, so an instance that dies leaves the registry on its
 * own, and the dashboard of any instance sees the whole fleet.
 */
public final class InstanceRegistry {

	private static final RedisScript<Long> REGISTER = RedisScript
		.of(new ClassPathResource("dev/jobqueue/dashboard/lua/register_instance.lua"), Long.class);

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private final StringRedisTemplate redis;

	private final Function<String, QueueKeys> keys;

	private final Clock clock;

	/**
	 * Creates the registry.
	 * @param redis the template
	 * @param keys the key layout of each queue
	 * @param clock the clock of heartbeats and expiry
	 */
	public InstanceRegistry(StringRedisTemplate redis, Function<String, QueueKeys> keys, Clock clock) {
		this.redis = redis;
		this.keys = keys;
		this.clock = clock;
	}

	/**
	 * Records that an instance works a queue until its heartbeat expires.
	 * @param queue the queue name
	 * @param instance the instance as it is now
	 * @param expiry how long the heartbeat stays valid without another one
	 */
	public void heartbeat(String queue, Instance instance, Duration expiry) {
		QueueKeys queueKeys = this.keys.apply(queue);
		long now = this.clock.millis();
		this.redis.execute(REGISTER, List.of(queueKeys.instances(), queueKeys.instanceInfo()), instance.id(),
				String.valueOf(now), String.valueOf(now + expiry.toMillis()), JSON.writeValueAsString(instance),
				String.valueOf(expiry.toMillis() * 2));
	}

	/**
	 * Removes an instance from a queue's registry, as it stops.
	 * @param queue the queue name
	 * @param instanceId the instance id
	 */
	public void remove(String queue, String instanceId) {
		QueueKeys queueKeys = this.keys.apply(queue);
		this.redis.opsForZSet().remove(queueKeys.instances(), instanceId);
		this.redis.opsForHash().delete(queueKeys.instanceInfo(), instanceId);
	}

	/**
	 * Returns the instances whose heartbeat for a queue has not expired, in one round
	 * trip of two commands.
	 * @param queue the queue name
	 * @return the instances, by id
	 */
	@SuppressWarnings("unchecked")
	public List<Instance> instances(String queue) {
		QueueKeys queueKeys = this.keys.apply(queue);
		long now = this.clock.millis();
		List<Object> results = Pipelines.read(this.redis, (redis) -> {
			redis.opsForZSet().rangeByScore(queueKeys.instances(), now + 1, Double.POSITIVE_INFINITY);
			redis.opsForHash().entries(queueKeys.instanceInfo());
		});
		Set<String> live = (Set<String>) results.get(0);
		Map<String, String> descriptions = (Map<String, String>) results.get(1);
		List<Instance> instances = new ArrayList<>();
		for (String id : live) {
			String json = descriptions.get(id);
			if (json != null) {
				try {
					instances.add(JSON.readValue(json, Instance.class));
				}
				catch (JacksonException ex) {
					instances.add(new Instance(id, "(unreadable heartbeat)", 0, 0, 0, 0, 0));
				}
			}
		}
		instances.sort(Comparator.comparing(Instance::id));
		return instances;
	}

	/**
	 * One application instance working a queue, as its last heartbeat described it.
	 *
	 * @param id the instance id: host, process id and a random suffix
	 * @param host the host name
	 * @param pid the process id
	 * @param startedAtMs when the instance started, epoch ms
	 * @param concurrency how many jobs of the queue it may run at once
	 * @param active how many it was running
	 * @param heartbeatAtMs when it wrote this heartbeat, epoch ms
	 */
	public record Instance(String id, String host, long pid, long startedAtMs, int concurrency, int active,
			long heartbeatAtMs) {
	}

}
