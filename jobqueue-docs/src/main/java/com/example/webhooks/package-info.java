/**
 * The webhook example of the failures page: a back-off of its own, failures that are not
 * retried, and a partner's {@code Retry-After}.
 */
@NullMarked
package com.example.webhooks;

import org.jspecify.annotations.NullMarked;
