/**
 * Finds or starts the real Redis servers that the tests of every jobqueue module run
 * against.
 */
@NullMarked
package dev.jobqueue.test;

import org.jspecify.annotations.NullMarked;
