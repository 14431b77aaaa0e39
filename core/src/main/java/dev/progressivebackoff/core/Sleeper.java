package dev.progressivebackoff.core;

import java.time.Duration;

/** Where library code waits. A simulated clock implements this by advancing virtual time. */
@FunctionalInterface
public interface Sleeper {

    /**
     * Waits for {@code duration}; a zero or negative duration returns at once.
     *
     * @throws InterruptedException if the thread is interrupted while waiting
     */
    void sleep(Duration duration) throws InterruptedException;
}
