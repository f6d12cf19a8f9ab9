/**
 * Examples of enqueue inside a Spring-managed transaction for
 * {@code docs/transactions.md}.
 */
@NullMarked
package dev.jobqueue.docs.transaction;

import org.jspecify.annotations.NullMarked;
