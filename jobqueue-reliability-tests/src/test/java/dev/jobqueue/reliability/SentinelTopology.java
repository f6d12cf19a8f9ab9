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

import dev.jobqueue.launcher.RedisServerLauncher;
import dev.jobqueue.launcher.RedisServerProcess;
import io.lettuce.core.RedisClient;
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

	private final RedisServerProcess primary;

	private final RedisServerProcess replica;

	private final List<RedisServerProcess> sentinels = new ArrayList<>();

	private final RedisClient client = RedisClient.create();

	private SentinelTopology(String... serverArgs) {
		this.primary = RedisNodes.server("primary", serverArgs);
		List<String> replicaArgs = new ArrayList<>(List.of(serverArgs));
		replicaArgs.addAll(List.of("--replicaof", "127.0.0.1", String.valueOf(this.primary.port())));
		this.replica = RedisNodes.server("replica", replicaArgs.toArray(String[]::new));
		try {
			await("replica in sync").atMost(Duration.ofSeconds(60))
				.until(() -> info(this.replica, "replication").contains("master_link_status:up"));
			for (int i = 1; i <= 3; i++) {
				this.sentinels.add(startSentinel("sentinel-" + i));
			}
			await("sentinels see each other and the replica").atMost(Duration.ofSeconds(60)).until(() -> {
				for (RedisServerProcess sentinel : this.sentinels) {
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

	private RedisServerProcess startSentinel(String name) {
		int port = RedisServerLauncher.freePort();
		Path dir = RedisNodes.newDirectory(name + "-" + port);
		// Sentinel rewrites this file, so it lives in the Sentinel's directory
		Path config = dir.resolve("sentinel.conf");
		String text = String.join("\n", "sentinel monitor " + MASTER + " 127.0.0.1 " + this.primary.port() + " 2",
				"sentinel down-after-milliseconds " + MASTER + " " + DOWN_AFTER.toMillis(),
				"sentinel failover-timeout " + MASTER + " 10000", "sentinel parallel-syncs " + MASTER + " 1", "");
		try {
			Files.writeString(config, text);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		return RedisNodes.launcher(name).port(port).directory(dir).configFile(config).arguments("--sentinel").start();
	}

	RedisServerProcess primary() {
		return this.primary;
	}

	RedisServerProcess replica() {
		return this.replica;
	}

	/**
	 * @return the Sentinels as {@code host:port,host:port,...}, the form of
	 * {@code spring.data.redis.sentinel.nodes}
	 */
	String sentinelNodes() {
		return this.sentinels.stream().map(RedisServerProcess::address).collect(Collectors.joining(","));
	}

	/**
	 * @return the address the first live Sentinel gives for the primary,
	 * {@code host:port}
	 */
	String currentPrimary() {
		for (RedisServerProcess sentinel : this.sentinels) {
			if (sentinel.isAlive()) {
				try (StatefulRedisSentinelConnection<String, String> connection = this.client
					.connectSentinel(RedisNodes.uri(sentinel))) {
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
			for (RedisServerProcess sentinel : this.sentinels) {
				try (StatefulRedisSentinelConnection<String, String> connection = this.client
					.connectSentinel(RedisNodes.uri(sentinel))) {
					if (((java.net.InetSocketAddress) connection.sync().getMasterAddrByName(MASTER))
						.getPort() != this.replica.port()) {
						return false;
					}
				}
			}
			return info(this.replica, "replication").contains("role:master");
		});
	}

	private Map<String, String> sentinelMaster(RedisServerProcess sentinel) {
		try (StatefulRedisSentinelConnection<String, String> connection = this.client
			.connectSentinel(RedisNodes.uri(sentinel))) {
			return connection.sync().master(MASTER);
		}
	}

	String info(RedisServerProcess server, String section) {
		try (StatefulRedisConnection<String, String> connection = this.client.connect(RedisNodes.uri(server))) {
			return connection.sync().info(section);
		}
	}

	@Override
	public void close() {
		for (RedisServerProcess sentinel : this.sentinels) {
			sentinel.close();
		}
		this.replica.close();
		this.primary.close();
		this.client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
	}

}
