package dev.jobqueue.test;

import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * How an owned Redis process is configured: AOF on or off, the {@code maxmemory-policy},
 * and extra command-line arguments.
 *
 * @param appendOnly whether to start with {@code --appendonly yes}, so that data survives
 * {@link RedisTestServer#kill()} and {@link RedisTestServer#restart()}
 * @param maxmemoryPolicy the value of {@code --maxmemory-policy}, for example
 * {@code noeviction}
 * @param extraArgs further arguments appended to the command line as they are, for
 * example {@code "--requirepass", "secret"}
 */
public record RedisServerOptions(boolean appendOnly, String maxmemoryPolicy, List<String> extraArgs) {

	public RedisServerOptions {
		Objects.requireNonNull(maxmemoryPolicy, "maxmemoryPolicy");
		extraArgs = List.copyOf(extraArgs);
	}

	/** AOF off, {@code maxmemory-policy noeviction}, no extra arguments. */
	public static RedisServerOptions defaults() {
		return new RedisServerOptions(false, "noeviction", List.of());
	}

	/** A copy with AOF switched on or off. */
	public RedisServerOptions withAppendOnly(boolean appendOnly) {
		return new RedisServerOptions(appendOnly, maxmemoryPolicy, extraArgs);
	}

	/** A copy with another {@code maxmemory-policy}. */
	public RedisServerOptions withMaxmemoryPolicy(String maxmemoryPolicy) {
		return new RedisServerOptions(appendOnly, maxmemoryPolicy, extraArgs);
	}

	/**
	 * A copy whose extra arguments are exactly {@code args} (they replace any earlier
	 * ones).
	 */
	public RedisServerOptions withArgs(String... args) {
		return new RedisServerOptions(appendOnly, maxmemoryPolicy, Arrays.asList(args));
	}
}
