/**
 * Settings of each queue resolved from defaults and per-queue overrides, for any
 * configuration source (Spring Boot properties or plain code).
 */
@NullMarked
package dev.jobqueue.config;

import org.jspecify.annotations.NullMarked;
