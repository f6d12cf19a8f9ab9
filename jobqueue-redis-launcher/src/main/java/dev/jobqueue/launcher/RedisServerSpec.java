package dev.jobqueue.launcher;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * What {@link RedisServerLauncher} decided for one server, kept for its restarts.
 *
 * @param name the name in messages
 * @param executable the {@code redis-server} binary
 * @param port the port
 * @param directory the directory it runs in
 * @param ownsDirectory whether the directory is temporary and deleted on close
 * @param command the whole command line
 * @param startTimeout how long each start may take to get ready
 * @param jvmExitGrace how long the shutdown hook waits for the application to close it
 */
record RedisServerSpec(String name, Path executable, int port, Path directory, boolean ownsDirectory,
		List<String> command, Duration startTimeout, Duration jvmExitGrace) {

}
