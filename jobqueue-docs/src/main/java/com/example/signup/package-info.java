/**
 * The getting-started application of README.md, compiled and run by the build.
 */
@NullMarked
package com.example.signup;

import org.jspecify.annotations.NullMarked;
