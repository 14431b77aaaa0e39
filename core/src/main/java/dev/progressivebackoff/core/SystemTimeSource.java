package dev.progressivebackoff.core;

import java.time.Instant;

/** The real clock: {@link Instant#now()} and {@link System#nanoTime()}. */
public enum SystemTimeSource implements TimeSource {
    /** The only instance; stateless. */
    INSTANCE;

    @Override
    public Instant now() {
        return Instant.now();
    }

    @Override
    public long nanoTime() {
        return System.nanoTime();
    }
}
