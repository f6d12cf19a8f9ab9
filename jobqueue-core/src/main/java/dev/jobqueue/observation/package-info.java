/**
 * Micrometer observations of enqueues and handler runs, their replaceable conventions,
 * and the W3C trace context a traced job carries in its {@code traceparent} field.
 */
@NullMarked
package dev.jobqueue.observation;

import org.jspecify.annotations.NullMarked;
