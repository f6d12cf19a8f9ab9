/**
 * The {@code @JobHandler} annotation and the infrastructure that turns annotated methods
 * into worker containers, switched on by {@code @EnableJobHandlers}.
 */
@NullMarked
package dev.jobqueue.annotation;

import org.jspecify.annotations.NullMarked;
