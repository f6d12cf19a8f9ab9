/**
 * Auto-configuration of the jobqueue dashboard and of the fleet heartbeat it shows.
 */
@NullMarked
package dev.jobqueue.dashboard.autoconfigure;

import org.jspecify.annotations.NullMarked;
