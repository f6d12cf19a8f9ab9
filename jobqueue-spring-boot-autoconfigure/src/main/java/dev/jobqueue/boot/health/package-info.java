/**
 * The jobqueue health indicator.
 */
@NullMarked
package dev.jobqueue.boot.health;

import org.jspecify.annotations.NullMarked;
