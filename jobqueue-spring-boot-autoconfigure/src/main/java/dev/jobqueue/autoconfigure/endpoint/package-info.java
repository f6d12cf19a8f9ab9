/**
 * Auto-configuration for the {@code jobqueue} actuator endpoint.
 */
@NullMarked
package dev.jobqueue.autoconfigure.endpoint;

import org.jspecify.annotations.NullMarked;
