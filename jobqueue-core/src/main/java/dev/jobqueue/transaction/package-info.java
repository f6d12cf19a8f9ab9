/**
 * Enqueue that takes effect after the commit of the Spring-managed transaction it is
 * called in.
 */
@NullMarked
package dev.jobqueue.transaction;

import org.jspecify.annotations.NullMarked;
