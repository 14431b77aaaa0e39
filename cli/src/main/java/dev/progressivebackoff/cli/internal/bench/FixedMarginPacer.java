package dev.progressivebackoff.cli.internal.bench;

import dev.progressivebackoff.core.Sleeper;
import dev.progressivebackoff.core.Tier;
import dev.progressivebackoff.core.TimeSource;
import dev.progressivebackoff.core.signals.RateLimitSignals;
import dev.progressivebackoff.pacing.Pacer;
import dev.progressivebackoff.pacing.PacerState;
import dev.progressivebackoff.pacing.Permit;
import java.time.Duration;
import java.util.Objects;
import java.util.OptionalInt;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The pacer of the {@code fixed-margin} reference strategy: starts at a fixed spacing of
 * {@value #MARGIN} × 60 s / RPM of the tier it was made for, first come first served, and nothing else. It
 * learns nothing: no header is read, a 429's cool-down changes neither the rate nor the schedule, another
 * tier or RPM is not adopted, there is no burst and no concurrency cap. A 429 is left to the client's retry
 * loop, as usual.
 *
 * <p>The caller at the head of the queue waits (through the {@link Sleeper}) until its start is due, and the
 * next start is counted from the moment it really started, so two starts are never closer than the spacing
 * on the {@link TimeSource}, even when a thread wakes late. The first start, and any start after an idle
 * time longer than the spacing, goes at once. Thread-safe.
 */
final class FixedMarginPacer implements Pacer {

    /** The spacing is this many times 60 s / RPM. */
    static final double MARGIN = 1.02;

    private final int rpm;
    private final long spacingNanos;
    private final TimeSource time;
    private final Sleeper sleeper;
    /** Fair, so callers get their starts in the order they asked. */
    private final ReentrantLock queue = new ReentrantLock(true);

    private final AtomicInteger waiting = new AtomicInteger();
    private final AtomicInteger inFlight = new AtomicInteger();
    /** When the next start is due; guarded by {@link #queue}. */
    private long nextStartNanos;
    /** False until the first start; guarded by {@link #queue}. */
    private boolean started;

    /** A pacer spacing starts at {@value #MARGIN} × 60 s / {@code tier}'s RPM on {@code time}. */
    FixedMarginPacer(Tier tier, TimeSource time, Sleeper sleeper) {
        this.rpm = Objects.requireNonNull(tier, "tier").requestsPerMinute();
        this.spacingNanos = spacing(rpm).toNanos();
        this.time = Objects.requireNonNull(time, "time");
        this.sleeper = Objects.requireNonNull(sleeper, "sleeper");
    }

    /** {@value #MARGIN} × 60 s / {@code requestsPerMinute}. */
    static Duration spacing(int requestsPerMinute) {
        if (requestsPerMinute <= 0) {
            throw new IllegalArgumentException("requestsPerMinute must be positive: " + requestsPerMinute);
        }
        return Duration.ofNanos(Math.round(MARGIN * 60e9 / requestsPerMinute));
    }

    /**
     * Waits in arrival order until the spacing since the previous start has passed.
     *
     * @throws InterruptedException if interrupted; no start is then taken, and the next caller is not delayed
     */
    @Override
    public Permit acquire() throws InterruptedException {
        waiting.incrementAndGet();
        try {
            queue.lockInterruptibly();
            try {
                waitUntilDue();
                started = true;
                nextStartNanos = time.nanoTime() + spacingNanos;
            } finally {
                queue.unlock();
            }
        } finally {
            waiting.decrementAndGet();
        }
        inFlight.incrementAndGet();
        AtomicBoolean closed = new AtomicBoolean();
        return () -> {
            if (closed.compareAndSet(false, true)) {
                inFlight.decrementAndGet();
            }
        };
    }

    /** Sleeps until the next start is due; loops because a sleep may end a little early. */
    private void waitUntilDue() throws InterruptedException {
        if (Thread.interrupted()) {
            throw new InterruptedException("interrupted before a start");
        }
        if (!started) {
            return;
        }
        for (long left = nextStartNanos - time.nanoTime(); left > 0; left = nextStartNanos - time.nanoTime()) {
            sleeper.sleep(Duration.ofNanos(left));
        }
    }

    /** Ignored: the rate is fixed. */
    @Override
    public void adoptTier(Tier tier) {
        Objects.requireNonNull(tier, "tier");
    }

    /** Ignored: the rate is fixed. */
    @Override
    public void adoptRpm(int requestsPerMinute) {
        if (requestsPerMinute <= 0) {
            throw new IllegalArgumentException("requestsPerMinute must be positive: " + requestsPerMinute);
        }
    }

    /** Ignored: no header is read. */
    @Override
    public void observe(RateLimitSignals signals) {
        Objects.requireNonNull(signals, "signals");
    }

    /** Ignored: a 429 changes neither the rate nor the schedule. */
    @Override
    public void coolDown(Duration duration) {
        Objects.requireNonNull(duration, "duration");
    }

    /** Pacing at RPM / {@value #MARGIN} (rounded down, at least 1), no burst, no cap, never held or slowed. */
    @Override
    public PacerState state() {
        return new PacerState(
                true,
                Math.max(1, (int) (rpm / MARGIN)),
                OptionalInt.empty(),
                1,
                inFlight.get(),
                waiting.get(),
                Duration.ZERO,
                1.0);
    }

    @Override
    public String toString() {
        return "FixedMarginPacer[" + rpm + " RPM, spacing " + spacingNanos / 1_000_000.0 + " ms]";
    }
}
