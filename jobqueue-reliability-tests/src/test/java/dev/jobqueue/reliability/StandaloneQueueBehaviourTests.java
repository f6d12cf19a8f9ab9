package dev.jobqueue.reliability;

import dev.jobqueue.QueueSettings;
import dev.jobqueue.test.RedisTestServer;
import dev.jobqueue.test.RedisTestServers;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.core.StringRedisTemplate;

/**
 * The queue behaviours on the fixture's standalone Redis with the reference key layout,
 * the baseline the Sentinel and Cluster runs are compared with.
 */
class StandaloneQueueBehaviourTests extends AbstractQueueBehaviourTests {

	static RedisTestServer server;

	static LettuceConnectionFactory factory;

	static StringRedisTemplate template;

	@BeforeAll
	static void connect() {
		server = RedisTestServers.shared();
		factory = server.newConnectionFactory();
		template = new StringRedisTemplate(factory);
	}

	@AfterAll
	static void disconnect() {
		factory.destroy();
	}

	@Override
	StringRedisTemplate redis() {
		return template;
	}

	@Override
	QueueSettings layout(QueueSettings settings) {
		return settings;
	}

	@Override
	long blockedClients() {
		return RedisInfo.field(template, "clients", "blocked_clients");
	}

}
