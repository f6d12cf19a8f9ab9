/**
 * Examples of typed producers for {@code docs/typed-producers.md}.
 */
@NullMarked
package dev.jobqueue.docs.exchange;

import org.jspecify.annotations.NullMarked;
