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
				stats.put(command, callsAndUsec(value));
			}
		});
		return stats;
	}

	/**
	 * Finds the key of jobqueue's pending list (a drain's one queue) with SCAN; run it
	 * before the stats are reset, it reads the whole keyspace.
	 * @return the key, or null when there is none
	 */
	String pendingKey() {
		io.lettuce.core.ScanCursor cursor = io.lettuce.core.ScanCursor.INITIAL;
		do {
			io.lettuce.core.KeyScanCursor<String> page = this.redis.scan(cursor,
					io.lettuce.core.ScanArgs.Builder.matches("queue:*:pending").limit(10_000));
			for (String key : page.getKeys()) {
				return key;
			}
			cursor = page;
		}
		while (!cursor.isFinished());
		return null;
	}

	/**
	 * Prints the jobs drained from a pending list in each 10-second window (from the fall
	 * of its length) until closed.
	 * @param pendingKey the list
	 * @return the sampler
	 */
	DrainWindows sampleDrain(String pendingKey) {
		return new DrainWindows(this.client.connect(), pendingKey);
	}

	/**
	 * The size of a finished job's hash: MEMORY USAGE of the newest completed job of the
	 * queue whose pending list is given.
	 * @param pendingKey the queue's pending list
	 * @return bytes, or -1 when no completed job is left
	 */
	long finishedJobBytes(String pendingKey) {
		String base = pendingKey.substring(0, pendingKey.length() - "pending".length());
		String id = this.redis.lindex(base + "completed", 0);
		Long bytes = (id != null) ? this.redis.memoryUsage(base + "job:" + id) : null;
		return (bytes != null) ? bytes : -1;
	}

	/**
	 * Reads one {@code INFO commandstats} value.
	 * @param value the value, {@code calls=N,usec=N,...}
	 * @return the calls and the microseconds
	 */
	static long[] callsAndUsec(String value) {
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
		return new long[] { calls, usec };
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

	/**
	 * Jobs drained per second in 10-second windows, printed as they end.
	 */
	static final class DrainWindows implements AutoCloseable {

		private final StatefulRedisConnection<String, String> connection;

		private final String key;

		private final Thread thread;

		private final java.util.List<Double> rates = new java.util.concurrent.CopyOnWriteArrayList<>();

		DrainWindows(StatefulRedisConnection<String, String> connection, String key) {
			this.connection = connection;
			this.key = key;
			this.thread = new Thread(this::sample, "bench-drain-windows");
			this.thread.setDaemon(true);
			this.thread.start();
		}

		private void sample() {
			long last = this.connection.sync().llen(this.key);
			long lastAt = System.nanoTime();
			try {
				while (last > 0) {
					Thread.sleep(10_000);
					long now = System.nanoTime();
					long depth = this.connection.sync().llen(this.key);
					double rate = (last - depth) / ((now - lastAt) / 1e9);
					this.rates.add(rate);
					System.out.printf(java.util.Locale.ROOT, "  drain window %d (10 s): %,.0f jobs/s, %,d pending%n",
							this.rates.size(), rate, depth);
					last = depth;
					lastAt = now;
				}
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		}

		java.util.List<Double> rates() {
			return this.rates;
		}

		@Override
		public void close() throws InterruptedException {
			this.thread.interrupt();
			this.thread.join();
			this.connection.close();
		}

	}

}
