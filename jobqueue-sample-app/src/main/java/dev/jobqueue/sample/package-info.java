/**
 * The redis.io job-queue demo as a Spring Boot application on the jobqueue starter.
 */
@NullMarked
package dev.jobqueue.sample;

import org.jspecify.annotations.NullMarked;
