/**
 * The {@code jobqueue} actuator endpoint.
 */
@NullMarked
package dev.jobqueue.autoconfigure.actuate;

import org.jspecify.annotations.NullMarked;
