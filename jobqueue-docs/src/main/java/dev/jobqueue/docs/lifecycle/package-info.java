/**
 * Examples of the job lifecycle API for {@code docs/lifecycle.md}: waiting for a result,
 * cancelling, progress and deduplication modes.
 */
@NullMarked
package dev.jobqueue.docs.lifecycle;

import org.jspecify.annotations.NullMarked;
