package dev.progressivebackoff.testsupport;

import dev.progressivebackoff.core.Sleeper;
import dev.progressivebackoff.core.TimeSource;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Virtual time for tests, starting at {@link #START}; thread-safe. Every sleep is recorded. Two kinds:
 * <ul>
 *   <li>{@link #advancingOnSleep()}: a sleep moves time forward at once and returns, so a retry schedule of
 *   minutes runs in microseconds;</li>
 *   <li>{@link #parkingSleepers()}: a sleep blocks its thread until the test moves time to the sleeper's
 *   deadline ({@link #advance}, {@link #advanceToNextDeadline}); nothing moves unless the test says so, which
 *   makes multi-thread tests deterministic.</li>
 * </ul>
 * Either kind refuses to sleep when the calling thread is interrupted, as a real sleep would.
 */
public final class FakeClock implements TimeSource, Sleeper {

    /** The wall-clock instant at which every fake clock starts. */
    public static final Instant START = Instant.parse("2025-01-01T00:00:00Z");

    private static final long PATIENCE_NANOS = TimeUnit.SECONDS.toNanos(20);

    private final boolean parks;
    private final List<Sleep> sleeping = new ArrayList<>();
    private final List<Duration> sleeps = new ArrayList<>();
    private long nanos;

    private static final class Sleep {
        private final long deadline;
        private boolean over;

        private Sleep(long deadline) {
            this.deadline = deadline;
        }
    }

    private FakeClock(boolean parks) {
        this.parks = parks;
    }

    /** A clock whose sleeps move time forward at once (a negative or zero sleep does not move it). */
    public static FakeClock advancingOnSleep() {
        return new FakeClock(false);
    }

    /** A clock whose sleeps block until the test moves time to their deadline. */
    public static FakeClock parkingSleepers() {
        return new FakeClock(true);
    }

    @Override
    public synchronized Instant now() {
        return START.plusNanos(nanos);
    }

    @Override
    public synchronized long nanoTime() {
        return nanos;
    }

    /**
     * Records the sleep, then moves time forward or waits for the test to (see the class comment).
     *
     * @throws InterruptedException if the thread is interrupted before or, when parking, during the sleep
     */
    @Override
    public void sleep(Duration duration) throws InterruptedException {
        if (Thread.interrupted()) {
            throw new InterruptedException("interrupted before a fake sleep");
        }
        synchronized (this) {
            sleeps.add(duration);
            if (duration.isNegative() || duration.isZero()) {
                return;
            }
            if (parks) {
                park(new Sleep(nanos + duration.toNanos()));
            } else {
                nanos += duration.toNanos();
            }
        }
    }

    private void park(Sleep sleep) throws InterruptedException {
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

    /** Moves time forward by {@code duration} without recording a sleep, waking every sleeper now due. */
    public synchronized void advance(Duration duration) {
        nanos += duration.toNanos();
        wakeDue();
    }

    /**
     * Moves time to the earliest sleeper's deadline (if later than now) and wakes the sleepers due.
     *
     * @throws AssertionError if nobody sleeps
     */
    public synchronized void advanceToNextDeadline() {
        long earliest = sleeping.stream()
                .mapToLong(sleep -> sleep.deadline)
                .min()
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

    /** Threads parked in a sleep now (a woken thread stops counting at once; always 0 when advancing). */
    public synchronized int sleepers() {
        return sleeping.size();
    }

    /**
     * Waits, in real time and for at most 20 s, until exactly {@code count} threads are parked in a sleep.
     *
     * @throws AssertionError if that does not happen in time
     */
    public synchronized void awaitSleepers(int count) throws InterruptedException {
        long giveUp = System.nanoTime() + PATIENCE_NANOS;
        while (sleeping.size() != count) {
            long left = giveUp - System.nanoTime();
            if (left <= 0) {
                throw new AssertionError("expected " + count + " sleepers, have " + sleeping.size());
            }
            TimeUnit.NANOSECONDS.timedWait(this, left);
        }
    }

    /**
     * The deadline of the only parked sleeper, as time since the start.
     *
     * @throws AssertionError unless exactly one thread sleeps
     */
    public synchronized Duration onlyDeadline() {
        if (sleeping.size() != 1) {
            throw new AssertionError("expected one sleeper, have " + sleeping.size());
        }
        return Duration.ofNanos(sleeping.get(0).deadline);
    }

    /** Every sleep requested, in order, including zero and negative ones. */
    public synchronized List<Duration> sleeps() {
        return List.copyOf(sleeps);
    }

    /** Forgets the sleeps recorded so far. */
    public synchronized void clearSleeps() {
        sleeps.clear();
    }

    /** Virtual time since {@link #START}. */
    public synchronized Duration elapsed() {
        return Duration.ofNanos(nanos);
    }
}
