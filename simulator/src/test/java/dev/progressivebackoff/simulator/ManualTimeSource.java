package dev.progressivebackoff.simulator;

import dev.progressivebackoff.core.TimeSource;
import java.time.Duration;
import java.time.Instant;

/**
 * A time source that moves only when told, for the provider's own tests. Thread-safe. The other modules' tests
 * use test-support's {@code FakeClock}; the simulator cannot, since test-support depends on it (a Maven cycle).
 */
final class ManualTimeSource implements TimeSource {

    private final Instant start = Instant.parse("2025-01-01T00:00:00Z");
    private long elapsedNanos;

    @Override
    public synchronized Instant now() {
        return start.plusNanos(elapsedNanos);
    }

    @Override
    public synchronized long nanoTime() {
        return elapsedNanos;
    }

    synchronized void advance(Duration duration) {
        elapsedNanos += duration.toNanos();
    }
}
