/**
 * The tracing page's example: a producer whose request span continues into the handler
 * run, and a convention that adds a key.
 */
@NullMarked
package com.example.tracing;

import org.jspecify.annotations.NullMarked;
