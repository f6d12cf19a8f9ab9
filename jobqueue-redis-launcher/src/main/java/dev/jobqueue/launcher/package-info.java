/**
 * Runs a {@code redis-server} child process on a loopback port and controls it: stop,
 * kill, freeze, thaw and restart on the same port.
 */
@NullMarked
package dev.jobqueue.launcher;

import org.jspecify.annotations.NullMarked;
