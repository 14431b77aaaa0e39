package dev.progressivebackoff.pacer.redis;

import dev.progressivebackoff.core.Sleeper;
import dev.progressivebackoff.core.TimeSource;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Local time moved by the test: a sleep returns at once after moving the clock forward and recording the
 * wait. Redis keeps its own real clock; only local decisions (probe timing, the local fallback) use this.
 * Thread-safe.
 */
final class ManualClock implements TimeSource, Sleeper {

    private static final Instant START = Instant.parse("2025-01-01T00:00:00Z");

    private long nanos;
    private final List<Duration> sleeps = new ArrayList<>();

    @Override
    public synchronized Instant now() {
        return START.plusNanos(nanos);
    }

    @Override
    public synchronized long nanoTime() {
        return nanos;
    }

    @Override
    public void sleep(Duration duration) throws InterruptedException {
        if (Thread.interrupted()) {
            throw new InterruptedException("interrupted before a manual sleep");
        }
        synchronized (this) {
            sleeps.add(duration);
            if (!duration.isNegative()) {
                nanos += duration.toNanos();
            }
        }
    }

    /** Moves the clock forward. */
    synchronized void advance(Duration duration) {
        nanos += duration.toNanos();
    }

    /** Every wait asked for so far. */
    synchronized List<Duration> sleeps() {
        return List.copyOf(sleeps);
    }

    /** Forgets the waits recorded so far. */
    synchronized void clearSleeps() {
        sleeps.clear();
    }
}
