package dev.progressivebackoff.testsupport;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * Waits in real time, polling every 0.1 ms rather than sleeping a fixed time, until other threads bring about a
 * state; fails after 20 s.
 */
public final class Eventually {

    private static final long PATIENCE_NANOS = TimeUnit.SECONDS.toNanos(20);
    private static final long POLL_NANOS = 100_000;

    private Eventually() {}

    /**
     * Returns once {@code condition} holds.
     *
     * @param what describes the condition, for the failure message
     * @throws AssertionError if it does not hold within 20 s
     */
    public static void until(BooleanSupplier condition, Supplier<String> what) {
        long giveUp = System.nanoTime() + PATIENCE_NANOS;
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() - giveUp > 0) {
                throw new AssertionError("timed out waiting until " + what.get());
            }
            LockSupport.parkNanos(POLL_NANOS);
        }
    }

    /**
     * Returns once {@code condition} holds.
     *
     * @throws AssertionError if it does not hold within 20 s
     */
    public static void holds(BooleanSupplier condition) {
        until(condition, () -> "the condition holds");
    }
}
