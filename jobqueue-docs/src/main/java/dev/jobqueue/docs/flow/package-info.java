/**
 * The examples of {@code docs/flow-control.md}.
 */
@NullMarked
package dev.jobqueue.docs.flow;

import org.jspecify.annotations.NullMarked;
