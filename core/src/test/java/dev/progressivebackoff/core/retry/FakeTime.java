package dev.progressivebackoff.core.retry;

import dev.progressivebackoff.core.Sleeper;
import dev.progressivebackoff.core.TimeSource;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * A tiny fake clock for core tests: sleeping advances virtual time at once and records the wait. Not
 * thread-safe. The other modules' tests use test-support's {@code FakeClock}; core cannot, since test-support
 * depends on core (a Maven cycle).
 */
final class FakeTime implements TimeSource, Sleeper {

    static final Instant START = Instant.parse("2025-01-01T00:00:00Z");

    private final List<Duration> sleeps = new ArrayList<>();
    private long elapsedNanos;
    private int interruptAtSleep = -1;

    @Override
    public Instant now() {
        return START.plusNanos(elapsedNanos);
    }

    @Override
    public long nanoTime() {
        return elapsedNanos;
    }

    @Override
    public void sleep(Duration duration) throws InterruptedException {
        sleeps.add(duration);
        if (sleeps.size() == interruptAtSleep) {
            throw new InterruptedException("interrupted during sleep " + interruptAtSleep);
        }
        elapsedNanos += duration.toNanos();
    }

    /** Makes the {@code n}-th sleep (1-based) throw {@link InterruptedException}, as a real interrupt would. */
    FakeTime interruptingSleep(int n) {
        this.interruptAtSleep = n;
        return this;
    }

    /** Moves virtual time forward without recording a sleep. */
    void advance(Duration duration) {
        elapsedNanos += duration.toNanos();
    }

    /** Every wait requested, in order. */
    List<Duration> sleeps() {
        return List.copyOf(sleeps);
    }

    /** Virtual time passed. */
    Duration elapsed() {
        return Duration.ofNanos(elapsedNanos);
    }
}
