package dev.progressivebackoff.verification;

import dev.progressivebackoff.core.Sleeper;
import dev.progressivebackoff.core.TimeSource;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Virtual time for tests and replays: {@link #sleep} advances the clock at once and records the wait, so
 * the free tier's 1,260-second schedule replays in milliseconds, deterministically. Thread-safe.
 */
public final class SimulatedClock implements TimeSource, Sleeper {

    /** Where a clock starts unless told otherwise: 2025-01-01T00:00:00Z. */
    public static final Instant DEFAULT_START = Instant.parse("2025-01-01T00:00:00Z");

    private final Instant start;
    private long elapsedNanos;
    private final List<Duration> sleeps = new ArrayList<>();

    /** A clock at {@link #DEFAULT_START}. */
    public SimulatedClock() {
        this(DEFAULT_START);
    }

    /** A clock at {@code start}. */
    public SimulatedClock(Instant start) {
        this.start = Objects.requireNonNull(start, "start");
    }

    @Override
    public synchronized Instant now() {
        return start.plusNanos(elapsedNanos);
    }

    @Override
    public synchronized long nanoTime() {
        return elapsedNanos;
    }

    /** Records the wait and advances the clock by it; honours a pending interrupt. */
    @Override
    public void sleep(Duration duration) throws InterruptedException {
        if (Thread.interrupted()) {
            throw new InterruptedException("interrupted before a simulated sleep of " + duration);
        }
        synchronized (this) {
            sleeps.add(duration);
            if (!duration.isNegative()) {
                elapsedNanos = Math.addExact(elapsedNanos, duration.toNanos());
            }
        }
    }

    /** Moves the clock forward without recording a sleep. */
    public synchronized void advance(Duration duration) {
        if (duration.isNegative()) {
            throw new IllegalArgumentException("time only moves forward: " + duration);
        }
        elapsedNanos = Math.addExact(elapsedNanos, duration.toNanos());
    }

    /** Every sleep requested so far, in order. */
    public synchronized List<Duration> sleeps() {
        return List.copyOf(sleeps);
    }

    /** Virtual time passed since the start. */
    public synchronized Duration elapsed() {
        return Duration.ofNanos(elapsedNanos);
    }
}
