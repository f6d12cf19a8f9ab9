package dev.jobqueue.launcher;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ThreadLocalRandom;
import org.jspecify.annotations.Nullable;

/**
 * Configures and starts a {@link RedisServerProcess}: which executable, which port and
 * directory, and the {@code redis-server} arguments.
 *
 * <p>
 * The command line is {@code <executable> [config file] --port <port> --bind 127.0.0.1
 * --save "" --appendonly no --daemonize no --dir
<dir>
 <arguments>}. Redis applies arguments in order, so the given arguments override the
 * defaults (for example {@code --appendonly yes}, or {@code --port 0 --tls-port <port>}
 * for TLS only). The server writes its log to {@code redis.log} in its directory;
 * {@code --logfile} and {@code --daemonize yes} are refused because the launcher reads
 * that log to know when the server is ready.
 */
public final class RedisServerLauncher {

	/**
	 * Ports are chosen below the kernel's ephemeral range (32768 and up), so that an
	 * outgoing connection or another program asking for port 0 cannot take the port of a
	 * server that is down for a restart.
	 */
	private static final int PORT_RANGE_START = 20000;

	private static final int PORT_RANGE_SIZE = 12000;

	private static final int PORT_ATTEMPTS = 5;

	private final Path executable;

	private String name = "redis";

	private int port;

	private @Nullable Path directory;

	private @Nullable Path workRoot;

	private @Nullable Path configFile;

	private final List<String> arguments = new ArrayList<>();

	private Duration startTimeout = Duration.ofSeconds(60);

	private Duration jvmExitGrace = Duration.ZERO;

	private RedisServerLauncher(Path executable) {
		this.executable = executable;
	}

	/**
	 * A launcher for the given executable.
	 * @param executable a {@code redis-server} binary
	 * @return the launcher
	 */
	public static RedisServerLauncher of(Path executable) {
		return new RedisServerLauncher(Objects.requireNonNull(executable, "executable"));
	}

	/**
	 * A launcher for the {@code redis-server} on the PATH, else the one shipped in the
	 * embedded-redis jar.
	 * @return the launcher
	 * @throws IllegalStateException when neither is available
	 */
	public static RedisServerLauncher onPathOrEmbedded() {
		return of(RedisExecutables.onPathOrEmbedded());
	}

	/**
	 * Names the server in messages and in its directory's name.
	 * @param name for example {@code replica} or {@code sentinel-1}
	 * @return this launcher
	 */
	public RedisServerLauncher name(String name) {
		this.name = Objects.requireNonNull(name, "name");
		return this;
	}

	/**
	 * Uses a fixed port instead of a free one chosen at start (a chosen port that another
	 * process takes first is replaced by another; a fixed one is not).
	 * @param port the port; for a TLS-only server, its TLS port
	 * @return this launcher
	 */
	public RedisServerLauncher port(int port) {
		if (port < 1 || port > 65535) {
			throw new IllegalArgumentException("port must be between 1 and 65535, not " + port);
		}
		this.port = port;
		return this;
	}

	/**
	 * Runs the server in an existing directory, which is left in place on close. Without
	 * it (and without {@link #workRoot(Path)}) the server gets a new temporary directory
	 * that {@link RedisServerProcess#close()} deletes.
	 * @param directory the directory
	 * @return this launcher
	 */
	public RedisServerLauncher directory(Path directory) {
		this.directory = Objects.requireNonNull(directory, "directory");
		return this;
	}

	/**
	 * Creates the server's directory under {@code root} and keeps it after close, so its
	 * log and data stay there for diagnosis (for example under {@code target/}).
	 * @param root the parent directory, created when missing
	 * @return this launcher
	 */
	public RedisServerLauncher workRoot(Path root) {
		this.workRoot = Objects.requireNonNull(root, "root");
		return this;
	}

	/**
	 * Puts a configuration file first on the command line, as Sentinel requires.
	 * @param configFile the file
	 * @return this launcher
	 */
	public RedisServerLauncher configFile(Path configFile) {
		this.configFile = Objects.requireNonNull(configFile, "configFile");
		return this;
	}

	/**
	 * Appends {@code redis-server} arguments, for example {@code "--appendonly", "yes"}
	 * or {@code "--cluster-enabled", "yes"}.
	 * @param arguments the arguments, kept in order after the defaults
	 * @return this launcher
	 * @throws IllegalArgumentException for {@code --logfile} or {@code --daemonize}
	 */
	public RedisServerLauncher arguments(String... arguments) {
		return arguments(List.of(arguments));
	}

	/**
	 * Appends {@code redis-server} arguments, as {@link #arguments(String...)} does.
	 * @param arguments the arguments
	 * @return this launcher
	 */
	public RedisServerLauncher arguments(List<String> arguments) {
		for (String argument : arguments) {
			if (argument.equalsIgnoreCase("--logfile") || argument.equalsIgnoreCase("--daemonize")) {
				throw new IllegalArgumentException(argument + " is set by the launcher, which reads the log");
			}
		}
		this.arguments.addAll(arguments);
		return this;
	}

	/**
	 * How long the server may take to say it is ready, at each start and restart.
	 * @param timeout the bound; 60 seconds by default, for loaded machines
	 * @return this launcher
	 */
	public RedisServerLauncher startTimeout(Duration timeout) {
		this.startTimeout = Objects.requireNonNull(timeout, "timeout");
		return this;
	}

	/**
	 * How long the JVM shutdown hook waits for {@link RedisServerProcess#close()} before
	 * it kills a server that still runs. Zero by default; an application whose own
	 * shutdown (draining workers) still needs Redis gives it time to close the server
	 * itself, last.
	 * @param grace how long to wait
	 * @return this launcher
	 */
	public RedisServerLauncher jvmExitGrace(Duration grace) {
		this.jvmExitGrace = Objects.requireNonNull(grace, "grace");
		return this;
	}

	/**
	 * Starts the server and waits until its log says it is ready to accept connections.
	 * @return the running server
	 * @throws IllegalStateException when it exits or does not get ready within the start
	 * timeout; the message holds the command line and the end of its log
	 */
	public RedisServerProcess start() {
		int attempts = (this.port != 0) ? 1 : PORT_ATTEMPTS;
		RuntimeException failure = null;
		for (int attempt = 0; attempt < attempts; attempt++) {
			int chosen = (this.port != 0) ? this.port : freePort();
			Path dir = directoryFor(chosen);
			boolean owned = this.directory == null && this.workRoot == null;
			RedisServerProcess server = new RedisServerProcess(new RedisServerSpec(this.name, this.executable, chosen,
					dir, owned, command(chosen, dir), this.startTimeout, this.jvmExitGrace));
			try {
				server.launch();
				return server;
			}
			catch (PortInUseException ex) {
				server.close();
				failure = ex;
			}
			catch (RuntimeException ex) {
				server.close();
				throw ex;
			}
		}
		throw new IllegalStateException(
				this.name + " could not bind a free port in " + PORT_ATTEMPTS + " attempts: " + failure.getMessage(),
				failure);
	}

	/**
	 * Finds a loopback port that nothing listens on, below the ephemeral range (see the
	 * class description), and below 55535 so that a cluster bus port (port + 10000) stays
	 * valid.
	 * @return the port
	 */
	public static int freePort() {
		for (int attempt = 0; attempt < 100; attempt++) {
			int candidate = PORT_RANGE_START + ThreadLocalRandom.current().nextInt(PORT_RANGE_SIZE);
			try (ServerSocket socket = new ServerSocket(candidate, 1, InetAddress.getLoopbackAddress())) {
				return socket.getLocalPort();
			}
			catch (IOException ex) {
				// taken: try another
			}
		}
		throw new IllegalStateException("No free port between " + PORT_RANGE_START + " and "
				+ (PORT_RANGE_START + PORT_RANGE_SIZE) + " in 100 attempts");
	}

	private List<String> command(int port, Path dir) {
		List<String> command = new ArrayList<>();
		command.add(this.executable.toString());
		if (this.configFile != null) {
			command.add(this.configFile.toString());
		}
		command.addAll(List.of("--port", String.valueOf(port), "--bind", "127.0.0.1", "--save", "", "--appendonly",
				"no", "--daemonize", "no", "--dir", dir.toString()));
		command.addAll(this.arguments);
		return List.copyOf(command);
	}

	private Path directoryFor(int port) {
		if (this.directory != null) {
			return this.directory;
		}
		try {
			String prefix = "jobqueue-" + this.name + "-" + port + "-";
			if (this.workRoot != null) {
				Files.createDirectories(this.workRoot);
				return Files.createTempDirectory(this.workRoot, prefix);
			}
			return Files.createTempDirectory(prefix);
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Could not create a directory for " + this.name, ex);
		}
	}

}
