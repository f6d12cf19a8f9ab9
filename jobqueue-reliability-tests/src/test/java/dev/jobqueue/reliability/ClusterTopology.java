package dev.jobqueue.reliability;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import dev.jobqueue.launcher.RedisServerLauncher;
import dev.jobqueue.launcher.RedisServerProcess;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;

import static org.awaitility.Awaitility.await;

/**
 * A Redis Cluster of three primaries, without replicas or with one each, on loopback,
 * created with {@code redis-cli --cluster create}.
 */
final class ClusterTopology implements AutoCloseable {

	private final List<RedisServerProcess> nodes = new ArrayList<>();

	private final RedisClient client = RedisClient.create();

	private final int replicasPerPrimary;

	private ClusterTopology(int primaries, int replicasPerPrimary, int nodeTimeoutMillis) {
		this.replicasPerPrimary = replicasPerPrimary;
		int size = primaries * (1 + replicasPerPrimary);
		try {
			for (int i = 1; i <= size; i++) {
				this.nodes.add(RedisNodes.server("cluster-" + i, clusterPort(), "--cluster-enabled", "yes",
						"--cluster-config-file", "nodes.conf", "--cluster-node-timeout",
						String.valueOf(nodeTimeoutMillis)));
			}
			create();
			await("cluster state ok on every node").atMost(Duration.ofSeconds(60))
				.pollInterval(Duration.ofMillis(100))
				.until(() -> this.nodes.stream()
					.allMatch((node) -> clusterInfo(node).contains("cluster_state:ok")
							&& clusterInfo(node).contains("cluster_known_nodes:" + size)));
			if (replicasPerPrimary > 0) {
				await("every replica in sync").atMost(Duration.ofSeconds(60))
					.pollInterval(Duration.ofMillis(100))
					.until(() -> this.nodes.stream()
						.filter((node) -> info(node, "replication").contains("role:slave"))
						.filter((node) -> info(node, "replication").contains("master_link_status:up"))
						.count() == (long) primaries * replicasPerPrimary);
			}
		}
		catch (RuntimeException ex) {
			close();
			throw ex;
		}
	}

	/**
	 * Starts three primaries, joins them with {@code redis-cli --cluster create} and
	 * waits until every node reports {@code cluster_state:ok}.
	 * @return the running cluster
	 */
	static ClusterTopology start() {
		return new ClusterTopology(3, 0, 5000);
	}

	/**
	 * Starts three primaries with one replica each ({@code --cluster-replicas 1}) and
	 * waits until the cluster is ok and every replica is in sync.
	 * @param nodeTimeoutMillis {@code cluster-node-timeout}: how long a primary may be
	 * unreachable before its replica takes over
	 * @return the running cluster
	 */
	static ClusterTopology startWithReplicas(int nodeTimeoutMillis) {
		return new ClusterTopology(3, 1, nodeTimeoutMillis);
	}

	/**
	 * Returns the nodes that are primaries now.
	 * @return the live primaries
	 */
	List<RedisServerProcess> primaries() {
		return this.nodes.stream()
			.filter(RedisServerProcess::isAlive)
			.filter((node) -> info(node, "replication").contains("role:master"))
			.toList();
	}

	/**
	 * Returns the replica of a primary.
	 * @param primary the primary
	 * @return the node replicating it
	 */
	RedisServerProcess replicaOf(RedisServerProcess primary) {
		for (RedisServerProcess node : this.nodes) {
			if (node != primary && node.isAlive()) {
				String replication = info(node, "replication");
				if (replication.contains("role:slave")
						&& RedisInfo.field(replication, "master_port") == primary.port()) {
					return node;
				}
			}
		}
		throw new IllegalStateException("No replica of " + primary);
	}

	/**
	 * Whether every live node reports {@code cluster_state:ok}.
	 * @return true when the cluster serves every slot
	 */
	boolean isOk() {
		return this.nodes.stream()
			.filter(RedisServerProcess::isAlive)
			.allMatch((node) -> clusterInfo(node).contains("cluster_state:ok"));
	}

	/**
	 * @return the nodes as {@code host:port,...}, the form of
	 * {@code spring.data.redis.cluster.nodes}
	 */
	String nodeAddresses() {
		return this.nodes.stream().map(RedisServerProcess::address).collect(Collectors.joining(","));
	}

	List<RedisServerProcess> nodes() {
		return this.nodes;
	}

	/**
	 * Returns the node that serves a key's slot.
	 * @param key the key
	 * @return the node
	 */
	RedisServerProcess nodeFor(String key) {
		for (RedisServerProcess node : this.nodes) {
			try (StatefulRedisConnection<String, String> connection = this.client.connect(RedisNodes.uri(node))) {
				long slot = connection.sync().clusterKeyslot(key);
				String myId = connection.sync().clusterMyId();
				for (String line : connection.sync().clusterNodes().split("\n")) {
					String[] fields = line.split(" ");
					if (fields[0].equals(myId) && servesSlot(fields, slot)) {
						return node;
					}
				}
			}
		}
		throw new IllegalStateException("No node serves the slot of " + key);
	}

	private static boolean servesSlot(String[] fields, long slot) {
		for (int i = 8; i < fields.length; i++) {
			String[] range = fields[i].split("-");
			if (range[0].startsWith("[")) {
				continue;
			}
			long from = Long.parseLong(range[0].trim());
			long to = (range.length > 1) ? Long.parseLong(range[1].trim()) : from;
			if (slot >= from && slot <= to) {
				return true;
			}
		}
		return false;
	}

	/**
	 * Returns every key on one node.
	 * @param node the node
	 * @param pattern a KEYS pattern
	 * @return the keys
	 */
	List<String> keys(RedisServerProcess node, String pattern) {
		try (StatefulRedisConnection<String, String> connection = this.client.connect(RedisNodes.uri(node))) {
			return connection.sync().keys(pattern);
		}
	}

	/**
	 * Reads one {@code INFO} section of a node.
	 * @param node the node
	 * @param section the section
	 * @return the reply
	 */
	String info(RedisServerProcess node, String section) {
		try (StatefulRedisConnection<String, String> connection = this.client.connect(RedisNodes.uri(node))) {
			return connection.sync().info(section);
		}
	}

	private String clusterInfo(RedisServerProcess node) {
		try (StatefulRedisConnection<String, String> connection = this.client.connect(RedisNodes.uri(node))) {
			return connection.sync().clusterInfo();
		}
	}

	private void create() {
		List<String> command = new ArrayList<>(List.of(RedisNodes.executable("redis-cli"), "--cluster", "create"));
		this.nodes.forEach((node) -> command.add(node.address()));
		command.addAll(List.of("--cluster-replicas", String.valueOf(this.replicasPerPrimary), "--cluster-yes"));
		Path log = this.nodes.get(0).directory().resolve("cluster-create.log");
		try {
			Process process = new ProcessBuilder(command).redirectErrorStream(true)
				.redirectOutput(log.toFile())
				.start();
			if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
				process.destroyForcibly();
				throw new IllegalStateException(String.join(" ", command) + " failed:\n"
						+ java.nio.file.Files.readString(log, StandardCharsets.UTF_8));
			}
		}
		catch (IOException ex) {
			throw new IllegalStateException("Could not run " + command, ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException("Interrupted while creating the cluster", ex);
		}
	}

	/**
	 * Finds a free port whose cluster bus port (port + 10000, which
	 * {@code redis-cli --cluster create} assumes) is free too.
	 */
	private static int clusterPort() {
		for (int attempt = 0; attempt < 100; attempt++) {
			int port = RedisServerLauncher.freePort();
			try (ServerSocket bus = new ServerSocket()) {
				bus.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port + 10000));
				return port;
			}
			catch (IOException ex) {
				// the bus port is taken; try another
			}
		}
		throw new IllegalStateException("No free port pair for a cluster node in 100 attempts");
	}

	@Override
	public void close() {
		for (RedisServerProcess node : this.nodes) {
			node.close();
		}
		this.client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
	}

}
