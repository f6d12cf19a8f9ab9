/**
 * Examples of handlers in a native image for {@code docs/aot.md}.
 */
@NullMarked
package dev.jobqueue.docs.aot;

import org.jspecify.annotations.NullMarked;
