/**
 * Ahead-of-time processing and GraalVM native-image hints: the Lua scripts as resources,
 * and reflection and binding hints for {@code @JobHandler} methods found at build time.
 */
@NullMarked
package dev.jobqueue.aot;

import org.jspecify.annotations.NullMarked;
