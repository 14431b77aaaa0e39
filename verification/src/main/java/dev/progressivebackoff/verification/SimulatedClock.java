package dev.progressivebackoff.verification;

import dev.progressivebackoff.core.Sleeper;
import dev.progressivebackoff.core.TimeSource;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Virtual time for tests and replays: {@link #sleep} advances the clock at once and records the wait, so
 * the free tier's 1,260-second schedule replays in milliseconds, deterministically.
 *
 * <p>Thread-safe, but sequential: sleeps from several threads advance the clock one after another, as if
 * they had happened in turn. Time never moves backwards, and never overflows: it saturates instead.
 */
public final class SimulatedClock implements TimeSource, Sleeper {

    /** Where a clock starts unless told otherwise: 2025-01-01T00:00:00Z. */
    public static final Instant DEFAULT_START = Instant.parse("2025-01-01T00:00:00Z");

    private static final Duration LONGEST = Duration.ofSeconds(Long.MAX_VALUE, 999_999_999);

    private final Instant start;
    private final List<Duration> sleeps = new ArrayList<>();
    private Duration elapsed = Duration.ZERO;

    /** A clock at {@link #DEFAULT_START}. */
    public SimulatedClock() {
        this(DEFAULT_START);
    }

    /** A clock at {@code start}. */
    public SimulatedClock(Instant start) {
        this.start = Objects.requireNonNull(start, "start");
    }

    /** The instant the clock started at. */
    public Instant start() {
        return start;
    }

    /** The virtual wall-clock instant: start plus the time passed, saturating at {@link Instant#MAX}. */
    @Override
    public synchronized Instant now() {
        try {
            return start.plus(elapsed);
        } catch (DateTimeException | ArithmeticException beyondTheEnd) {
            return Instant.MAX;
        }
    }

    /** The virtual time passed in nanoseconds, saturating at {@link Long#MAX_VALUE}. */
    @Override
    public synchronized long nanoTime() {
        try {
            return elapsed.toNanos();
        } catch (ArithmeticException tooLong) {
            return Long.MAX_VALUE;
        }
    }

    /**
     * Records the wait and advances the clock by it at once; a zero or negative wait is recorded but moves
     * nothing. Like a real sleep, it honours a pending interrupt: the flag is cleared and
     * {@link InterruptedException} thrown, with nothing recorded.
     */
    @Override
    public void sleep(Duration duration) throws InterruptedException {
        Objects.requireNonNull(duration, "duration");
        if (Thread.interrupted()) {
            throw new InterruptedException("interrupted before a simulated sleep of " + duration);
        }
        synchronized (this) {
            sleeps.add(duration);
            if (!duration.isNegative()) {
                elapsed = saturatedPlus(elapsed, duration);
            }
        }
    }

    /** Moves the clock forward without recording a sleep, e.g. to stand for time spent sending. */
    public synchronized void advance(Duration duration) {
        Objects.requireNonNull(duration, "duration");
        if (duration.isNegative()) {
            throw new IllegalArgumentException("time only moves forward: " + duration);
        }
        elapsed = saturatedPlus(elapsed, duration);
    }

    /** Every sleep requested so far, in order, including zero and negative ones. */
    public synchronized List<Duration> sleeps() {
        return List.copyOf(sleeps);
    }

    /** Virtual time passed since the start, by sleeps and {@link #advance} together. */
    public synchronized Duration elapsed() {
        return elapsed;
    }

    @Override
    public synchronized String toString() {
        return "SimulatedClock[now=" + now() + ", sleeps=" + sleeps.size() + "]";
    }

    private static Duration saturatedPlus(Duration a, Duration b) {
        try {
            return a.plus(b);
        } catch (ArithmeticException tooLong) {
            return LONGEST;
        }
    }
}
