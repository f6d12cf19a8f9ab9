package dev.jobqueue;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

import dev.jobqueue.test.MutableClock;
import dev.jobqueue.test.RedisTestServer;
import dev.jobqueue.test.RedisTestServers;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;

import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.core.StringRedisTemplate;

/**
 * Base of the queue tests: a real Redis from the shared fixture, the three clients with a
 * settable clock, raw Lettuce commands for checking what is stored, and a fresh queue
 * name for every test so tests never need to flush a server.
 */
abstract class AbstractRedisTests {

	private static final AtomicInteger sequence = new AtomicInteger();

	static final long T0 = 1_795_415_336_950L;

	static RedisTestServer server;

	static LettuceConnectionFactory connectionFactory;

	static StringRedisTemplate redisTemplate;

	static RedisClient client;

	static StatefulRedisConnection<String, String> connection;

	static RedisCommands<String, String> redis;

	final MutableClock clock = new MutableClock(T0);

	String queue;

	QueueKeys keys;

	JobQueueClients clients;

	JobQueueTemplate jobs;

	JobQueueAdmin admin;

	JobWorkerProtocol worker;

	@BeforeAll
	static void connect() {
		server = RedisTestServers.shared();
		connectionFactory = server.newConnectionFactory();
		redisTemplate = new StringRedisTemplate(connectionFactory);
		client = server.newLettuceClient();
		connection = client.connect();
		redis = connection.sync();
	}

	@AfterAll
	static void disconnect() {
		connection.close();
		client.shutdown();
		connectionFactory.destroy();
	}

	@BeforeEach
	void newQueue() {
		this.queue = "t" + ProcessHandle.current().pid() + "-" + getClass().getSimpleName() + "-"
				+ sequence.incrementAndGet();
		this.keys = QueueSettings.defaults(this.queue).keys();
		use(template((name) -> QueueSettings.defaults(name)));
	}

	@AfterEach
	void closeTemplate() {
		this.clients.destroy();
	}

	JobQueueClients template(Function<String, QueueSettings> settings) {
		return JobQueueClients.builder(redisTemplate).settings(settings).clock(this.clock).build();
	}

	void use(JobQueueClients clients) {
		if (this.clients != null) {
			this.clients.destroy();
		}
		this.clients = clients;
		this.jobs = clients.template();
		this.admin = clients.admin();
		this.worker = clients.workerProtocol();
	}

	Map<String, String> hash(String id) {
		return redis.hgetall(this.keys.job(id));
	}

	List<String> list(String key) {
		return redis.lrange(key, 0, -1);
	}

	long connectionsReceived() {
		return statsField("total_connections_received");
	}

	long statsField(String field) {
		for (String line : redis.info("stats").split("\r?\n")) {
			if (line.startsWith(field + ":")) {
				return Long.parseLong(line.substring(field.length() + 1).trim());
			}
		}
		throw new IllegalStateException("No " + field + " in INFO stats");
	}

	long commandCalls(String command) {
		for (String line : redis.info("commandstats").split("\r?\n")) {
			if (line.startsWith("cmdstat_" + command + ":")) {
				for (String field : line.substring(line.indexOf(':') + 1).split(",")) {
					if (field.startsWith("calls=")) {
						return Long.parseLong(field.substring("calls=".length()));
					}
				}
			}
		}
		return 0;
	}

	static Duration millis(long millis) {
		return Duration.ofMillis(millis);
	}

}
