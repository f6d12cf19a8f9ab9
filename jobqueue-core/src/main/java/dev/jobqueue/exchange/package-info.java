/**
 * Typed producers: interfaces whose methods enqueue jobs, implemented by a proxy.
 */
@NullMarked
package dev.jobqueue.exchange;

import org.jspecify.annotations.NullMarked;
