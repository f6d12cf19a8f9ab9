/**
 * Time-based features: promotion of delayed jobs and recurring schedules.
 */
@NullMarked
package dev.jobqueue.scheduling;

import org.jspecify.annotations.NullMarked;
