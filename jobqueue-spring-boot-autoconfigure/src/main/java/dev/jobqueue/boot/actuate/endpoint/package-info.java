/**
 * The {@code jobqueue} actuator endpoint.
 */
@NullMarked
package dev.jobqueue.boot.actuate.endpoint;

import org.jspecify.annotations.NullMarked;
