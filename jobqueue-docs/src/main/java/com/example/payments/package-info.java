/**
 * The failure-handling examples of docs/failures.md, compiled by the build.
 */
@NullMarked
package com.example.payments;

import org.jspecify.annotations.NullMarked;
