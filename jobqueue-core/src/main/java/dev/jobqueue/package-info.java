/**
 * A reliable Redis job queue with the data model of the redis.io reference job-queue
 * helpers.
 */
@NullMarked
package dev.jobqueue;

import org.jspecify.annotations.NullMarked;
