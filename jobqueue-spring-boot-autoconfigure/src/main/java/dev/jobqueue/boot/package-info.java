/**
 * The jobqueue library classes Spring Boot applications use beside the core: the catalog
 * of an application's queues; the endpoint, health indicator and meters live in the
 * sub-packages, their auto-configurations in {@code dev.jobqueue.autoconfigure}.
 */
@NullMarked
package dev.jobqueue.boot;

import org.jspecify.annotations.NullMarked;
