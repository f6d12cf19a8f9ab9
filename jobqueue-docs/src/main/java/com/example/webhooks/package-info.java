/**
 * The examples of docs/failures.md on retries and deadlines: a back-off of its own,
 * failures that are not retried, a partner's {@code Retry-After}, and an execution
 * timeout.
 */
@NullMarked
package com.example.webhooks;

import org.jspecify.annotations.NullMarked;
