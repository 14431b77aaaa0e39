package dev.progressivebackoff.benchmarks;

import dev.progressivebackoff.core.Sleeper;
import dev.progressivebackoff.core.TimeSource;
import java.time.Duration;
import java.time.Instant;

/**
 * A time source that moves one second forward each time it is read, so a pacer on it always has a permit
 * free: the benchmark measures the pacer's bookkeeping, never its waiting. Its sleeper refuses to be used.
 * Confined to one benchmark thread.
 */
final class AdvancingTime implements TimeSource, Sleeper {

    private static final long STEP = 1_000_000_000L;
    private long nanos;

    @Override
    public Instant now() {
        return Instant.EPOCH.plusNanos(nanos);
    }

    @Override
    public long nanoTime() {
        nanos += STEP;
        return nanos;
    }

    @Override
    public void sleep(Duration duration) {
        throw new IllegalStateException("a free permit never waits, yet the pacer asked to sleep " + duration);
    }
}
