/**
 * Auto-configuration for the jobqueue health indicator.
 */
@NullMarked
package dev.jobqueue.autoconfigure.health;

import org.jspecify.annotations.NullMarked;
