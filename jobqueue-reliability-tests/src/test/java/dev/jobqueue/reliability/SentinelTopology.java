package dev.jobqueue.reliability;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.sentinel.api.StatefulRedisSentinelConnection;

import static org.awaitility.Awaitility.await;

/**
 * A primary, one replica and three Sentinels, all {@code redis-server} processes on
 * loopback. The Sentinels declare the primary down after one second, so a failover takes
 * a few seconds.
 */
final class SentinelTopology implements AutoCloseable {

	static final String MASTER = "mymaster";

	static final Duration DOWN_AFTER = Duration.ofSeconds(1);

	private final RedisProcess primary;

	private final RedisProcess replica;

	private final List<RedisProcess> sentinels = new ArrayList<>();

	private final RedisClient client = RedisClient.create();

	private SentinelTopology(String... serverArgs) {
		this.primary = RedisProcess.startServer("primary", serverArgs);
		List<String> replicaArgs = new ArrayList<>(List.of(serverArgs));
		replicaArgs.addAll(List.of("--replicaof", "127.0.0.1", String.valueOf(this.primary.port())));
		this.replica = RedisProcess.startServer("replica", replicaArgs.toArray(String[]::new));
		try {
			await("replica in sync").atMost(Duration.ofSeconds(60))
				.until(() -> info(this.replica, "replication").contains("master_link_status:up"));
			for (int i = 1; i <= 3; i++) {
				this.sentinels.add(startSentinel("sentinel-" + i));
			}
			await("sentinels see each other and the replica").atMost(Duration.ofSeconds(60)).until(() -> {
				for (RedisProcess sentinel : this.sentinels) {
					Map<String, String> master = sentinelMaster(sentinel);
					if (!"2".equals(master.get("num-other-sentinels")) || !"1".equals(master.get("num-slaves"))) {
						return false;
					}
				}
				return true;
			});
		}
		catch (RuntimeException ex) {
			close();
			throw ex;
		}
	}

	/**
	 * Starts the topology and waits until the replica is in sync and every Sentinel knows
	 * the replica and the two other Sentinels.
	 * @param serverArgs extra arguments for the primary and the replica
	 * @return the running topology
	 */
	static SentinelTopology start(String... serverArgs) {
		return new SentinelTopology(serverArgs);
	}

	private RedisProcess startSentinel(String name) {
		int port = RedisProcess.freePort();
		Path dir = RedisProcess.newDirectory(name + "-" + port);
		Path config = dir.resolve("sentinel.conf");
		String text = String.join("\n", "port " + port, "bind 127.0.0.1", "dir " + dir,
				"sentinel monitor " + MASTER + " 127.0.0.1 " + this.primary.port() + " 2",
				"sentinel down-after-milliseconds " + MASTER + " " + DOWN_AFTER.toMillis(),
				"sentinel failover-timeout " + MASTER + " 10000", "sentinel parallel-syncs " + MASTER + " 1", "");
		try {
			Files.writeString(config, text);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		return RedisProcess.start(name, port, dir, List.of(config.toString(), "--sentinel"));
	}

	RedisProcess primary() {
		return this.primary;
	}

	RedisProcess replica() {
		return this.replica;
	}

	/**
	 * @return the Sentinels as {@code host:port,host:port,...}, the form of
	 * {@code spring.data.redis.sentinel.nodes}
	 */
	String sentinelNodes() {
		return this.sentinels.stream().map(RedisProcess::address).collect(Collectors.joining(","));
	}

	/**
	 * @return the address the first live Sentinel gives for the primary,
	 * {@code host:port}
	 */
	String currentPrimary() {
		for (RedisProcess sentinel : this.sentinels) {
			if (sentinel.isAlive()) {
				try (StatefulRedisSentinelConnection<String, String> connection = this.client
					.connectSentinel(uri(sentinel))) {
					var address = (java.net.InetSocketAddress) connection.sync().getMasterAddrByName(MASTER);
					return address.getHostString() + ":" + address.getPort();
				}
			}
		}
		throw new IllegalStateException("No Sentinel is alive");
	}

	/**
	 * Waits until every Sentinel names the replica as the primary.
	 * @param timeout how long to wait
	 */
	void awaitReplicaPromoted(Duration timeout) {
		await("failover to " + this.replica).atMost(timeout).pollInterval(Duration.ofMillis(50)).until(() -> {
			for (RedisProcess sentinel : this.sentinels) {
				try (StatefulRedisSentinelConnection<String, String> connection = this.client
					.connectSentinel(uri(sentinel))) {
					if (((java.net.InetSocketAddress) connection.sync().getMasterAddrByName(MASTER))
						.getPort() != this.replica.port()) {
						return false;
					}
				}
			}
			return info(this.replica, "replication").contains("role:master");
		});
	}

	private Map<String, String> sentinelMaster(RedisProcess sentinel) {
		try (StatefulRedisSentinelConnection<String, String> connection = this.client.connectSentinel(uri(sentinel))) {
			return connection.sync().master(MASTER);
		}
	}

	String info(RedisProcess server, String section) {
		try (StatefulRedisConnection<String, String> connection = this.client.connect(uri(server))) {
			return connection.sync().info(section);
		}
	}

	private static RedisURI uri(RedisProcess process) {
		return RedisURI.builder()
			.withHost("127.0.0.1")
			.withPort(process.port())
			.withTimeout(Duration.ofSeconds(30))
			.build();
	}

	@Override
	public void close() {
		for (RedisProcess sentinel : this.sentinels) {
			sentinel.close();
		}
		this.replica.close();
		this.primary.close();
		this.client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
	}

}
