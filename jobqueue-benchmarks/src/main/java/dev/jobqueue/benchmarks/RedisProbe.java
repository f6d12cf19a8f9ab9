package dev.jobqueue.benchmarks;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;

/**
 * Reads the Redis-side cost of a phase: {@code INFO commandstats} (reset before the
 * phase), Redis CPU time, memory, and the peak number of connected clients, sampled while
 * the phase runs. The probe's own INFO and CONFIG calls are left out of the counts.
 */
final class RedisProbe implements AutoCloseable {

	/** The probe's connection and the sampler's. */
	static final int OWN_CONNECTIONS = 2;

	private static final Set<String> OWN_COMMANDS = Set.of("info", "config", "flushall");

	private final RedisClient client;

	private final StatefulRedisConnection<String, String> connection;

	private final RedisCommands<String, String> redis;

	RedisProbe(int port) {
		this.client = RedisClient.create(RedisURI.create("127.0.0.1", port));
		this.connection = this.client.connect();
		this.redis = this.connection.sync();
	}

	void flushAll() {
		this.redis.flushall();
	}

	void resetStats() {
		this.redis.configResetstat();
	}

	String version() {
		return info("server").get("redis_version");
	}

	long usedMemory() {
		return Long.parseLong(info("memory").get("used_memory"));
	}

	/**
	 * @return used_cpu_sys + used_cpu_user of the server, in microseconds
	 */
	long cpuMicros() {
		Map<String, String> cpu = info("cpu");
		double seconds = Double.parseDouble(cpu.get("used_cpu_sys")) + Double.parseDouble(cpu.get("used_cpu_user"));
		return Math.round(seconds * 1_000_000);
	}

	/**
	 * @return calls and microseconds per command name since the last reset, without the
	 * probe's own
	 */
	Map<String, long[]> commandStats() {
		Map<String, long[]> stats = new LinkedHashMap<>();
		info("commandstats").forEach((key, value) -> {
			String command = key.substring("cmdstat_".length());
			if (!OWN_COMMANDS.contains(command)) {
				long calls = 0;
				long usec = 0;
				for (String part : value.split(",")) {
					if (part.startsWith("calls=")) {
						calls = Long.parseLong(part.substring(6));
					}
					else if (part.startsWith("usec=")) {
						usec = Long.parseLong(part.substring(5));
					}
				}
				stats.put(command, new long[] { calls, usec });
			}
		});
		return stats;
	}

	/**
	 * Samples {@code connected_clients} every 10 ms on a connection of its own until
	 * closed.
	 * @return the sampler
	 */
	ClientSampler sampleClients() {
		return new ClientSampler(this.client.connect());
	}

	private Map<String, String> info(String section) {
		return parse(this.redis.info(section));
	}

	static Map<String, String> parse(String info) {
		Map<String, String> values = new LinkedHashMap<>();
		for (String line : info.split("\r?\n")) {
			int colon = line.indexOf(':');
			if (colon > 0 && !line.startsWith("#")) {
				values.put(line.substring(0, colon), line.substring(colon + 1).trim());
			}
		}
		return values;
	}

	@Override
	public void close() {
		this.connection.close();
		this.client.shutdown();
	}

	/**
	 * The peak of {@code connected_clients} while a phase runs.
	 */
	static final class ClientSampler implements AutoCloseable {

		private final StatefulRedisConnection<String, String> connection;

		private final AtomicLong peak = new AtomicLong();

		private final AtomicBoolean running = new AtomicBoolean(true);

		private final Thread thread;

		ClientSampler(StatefulRedisConnection<String, String> connection) {
			this.connection = connection;
			this.thread = new Thread(this::sample, "bench-client-sampler");
			this.thread.setDaemon(true);
			this.thread.start();
		}

		private void sample() {
			while (this.running.get()) {
				String clients = parse(this.connection.sync().info("clients")).get("connected_clients");
				this.peak.accumulateAndGet(Long.parseLong(clients), Math::max);
				try {
					Thread.sleep(10);
				}
				catch (InterruptedException ex) {
					Thread.currentThread().interrupt();
					return;
				}
			}
		}

		/**
		 * @return the highest count seen, the probe's own connections included
		 */
		long peak() {
			return this.peak.get();
		}

		@Override
		public void close() throws InterruptedException {
			this.running.set(false);
			this.thread.join();
			this.connection.close();
		}

	}

}
