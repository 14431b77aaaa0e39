package dev.progressivebackoff.pacing;

import dev.progressivebackoff.core.Sleeper;
import dev.progressivebackoff.core.TimeSource;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Virtual time driven by the test: {@link #sleep} blocks the calling thread until the test advances the
 * clock to the sleeper's deadline. Nothing moves unless the test says so, which makes multi-thread pacer
 * tests deterministic. Thread-safe.
 */
final class VirtualClock implements TimeSource, Sleeper {

    private static final Instant START = Instant.parse("2025-01-01T00:00:00Z");
    private static final long PATIENCE_NANOS = TimeUnit.SECONDS.toNanos(20);

    private long nanos;
    private final List<Sleep> sleeping = new ArrayList<>();
    private final List<Duration> sleeps = new ArrayList<>();

    private static final class Sleep {
        private final long deadline;
        private boolean over;

        private Sleep(long deadline) {
            this.deadline = deadline;
        }
    }

    @Override
    public synchronized Instant now() {
        return START.plusNanos(nanos);
    }

    @Override
    public synchronized long nanoTime() {
        return nanos;
    }

    /** Blocks until the clock reaches {@code now + duration}; honours interrupts. */
    @Override
    public void sleep(Duration duration) throws InterruptedException {
        if (Thread.interrupted()) {
            throw new InterruptedException("interrupted before a virtual sleep");
        }
        synchronized (this) {
            sleeps.add(duration);
            if (duration.isNegative() || duration.isZero()) {
                return;
            }
            Sleep sleep = new Sleep(nanos + duration.toNanos());
            sleeping.add(sleep);
            notifyAll();
            try {
                while (!sleep.over) {
                    wait();
                }
            } catch (InterruptedException interrupted) {
                sleeping.remove(sleep);
                notifyAll();
                throw interrupted;
            }
        }
    }

    /** Moves time forward by {@code duration}, waking every sleeper whose deadline has come. */
    synchronized void advance(Duration duration) {
        nanos += duration.toNanos();
        wakeDue();
    }

    /** Moves time to the earliest sleeper's deadline (if later than now) and wakes the sleepers due. */
    synchronized void advanceToNextDeadline() {
        long earliest = sleeping.stream().mapToLong(sleep -> sleep.deadline).min()
                .orElseThrow(() -> new AssertionError("nobody is sleeping"));
        nanos = Math.max(nanos, earliest);
        wakeDue();
    }

    private void wakeDue() {
        for (Iterator<Sleep> it = sleeping.iterator(); it.hasNext(); ) {
            Sleep sleep = it.next();
            if (sleep.deadline <= nanos) {
                sleep.over = true;
                it.remove();
            }
        }
        notifyAll();
    }

    /** Threads sleeping now (a woken thread stops counting at once). */
    synchronized int sleepers() {
        return sleeping.size();
    }

    /** Waits (in real time, for at most 20 s) until exactly {@code count} threads sleep. */
    synchronized void awaitSleepers(int count) throws InterruptedException {
        long giveUp = System.nanoTime() + PATIENCE_NANOS;
        while (sleeping.size() != count) {
            long left = giveUp - System.nanoTime();
            if (left <= 0) {
                throw new AssertionError("expected " + count + " sleepers, have " + sleeping.size());
            }
            TimeUnit.NANOSECONDS.timedWait(this, left);
        }
    }

    /** The deadline of the only sleeper, as time since the start. */
    synchronized Duration onlyDeadline() {
        if (sleeping.size() != 1) {
            throw new AssertionError("expected one sleeper, have " + sleeping.size());
        }
        return Duration.ofNanos(sleeping.get(0).deadline);
    }

    /** Every sleep requested, in order. */
    synchronized List<Duration> sleeps() {
        return List.copyOf(sleeps);
    }

    /** Virtual time since the start. */
    synchronized Duration elapsed() {
        return Duration.ofNanos(nanos);
    }
}
