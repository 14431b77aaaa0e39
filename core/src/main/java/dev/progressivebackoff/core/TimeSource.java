package dev.progressivebackoff.core;

import java.time.Instant;

/**
 * Where library code reads the time. Inject {@link SystemTimeSource#INSTANCE} in production and a
 * simulated clock in tests; never call {@code Instant.now()} directly in code that decides waits.
 */
public interface TimeSource {

    /** The current wall-clock instant, used to measure HTTP dates and RFC 3339 resets. */
    Instant now();

    /** A monotonic reading in nanoseconds, used to measure elapsed time; only differences matter. */
    long nanoTime();
}
