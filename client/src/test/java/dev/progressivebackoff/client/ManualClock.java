package dev.progressivebackoff.client;

import dev.progressivebackoff.core.Sleeper;
import dev.progressivebackoff.core.TimeSource;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * A virtual clock for this module's tests (the verification module's SimulatedClock cannot be used here:
 * it depends on this module). Sleeping records the wait and moves time forward at once.
 */
final class ManualClock implements TimeSource, Sleeper {

    private Instant now = Instant.parse("2025-01-01T00:00:00Z");
    private long nanos;
    private final List<Duration> sleeps = new ArrayList<>();

    @Override
    public synchronized Instant now() {
        return now;
    }

    @Override
    public synchronized long nanoTime() {
        return nanos;
    }

    @Override
    public synchronized void sleep(Duration duration) throws InterruptedException {
        if (Thread.interrupted()) {
            throw new InterruptedException();
        }
        sleeps.add(duration);
        now = now.plus(duration);
        nanos += duration.toNanos();
    }

    synchronized List<Duration> sleeps() {
        return List.copyOf(sleeps);
    }
}
