/**
 * The examples of {@code docs/scheduling.md}.
 */
@NullMarked
package dev.jobqueue.docs.scheduling;

import org.jspecify.annotations.NullMarked;
