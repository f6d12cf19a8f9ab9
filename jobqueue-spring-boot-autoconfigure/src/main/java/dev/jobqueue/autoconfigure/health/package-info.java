/**
 * The jobqueue health indicator.
 */
@NullMarked
package dev.jobqueue.autoconfigure.health;

import org.jspecify.annotations.NullMarked;
