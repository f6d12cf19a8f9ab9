package dev.jobqueue.reliability;

import dev.jobqueue.QueueSettings;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

import org.springframework.data.redis.core.StringRedisTemplate;

/**
 * The queue behaviours through Redis Sentinel, connected with
 * {@code spring.data.redis.sentinel.*} as an application would be; the reference key
 * layout.
 */
class SentinelQueueBehaviourTests extends AbstractQueueBehaviourTests {

	static SentinelTopology topology;

	static BootRedisContext context;

	@BeforeAll
	static void startSentinels() {
		topology = SentinelTopology.start();
		context = BootRedisContext.start("spring.data.redis.sentinel.master=" + SentinelTopology.MASTER,
				"spring.data.redis.sentinel.nodes=" + topology.sentinelNodes());
	}

	@AfterAll
	static void stopSentinels() {
		if (context != null) {
			context.close();
		}
		if (topology != null) {
			topology.close();
		}
	}

	@Override
	StringRedisTemplate redis() {
		return context.redisTemplate();
	}

	@Override
	QueueSettings layout(QueueSettings settings) {
		return settings;
	}

	@Override
	long blockedClients() {
		return RedisInfo.field(topology.info(topology.primary(), "clients"), "blocked_clients");
	}

}
