/**
 * Code of the docs pages that use jobqueue-core without Spring Boot.
 */
@NullMarked
package dev.jobqueue.docs.core;

import org.jspecify.annotations.NullMarked;
