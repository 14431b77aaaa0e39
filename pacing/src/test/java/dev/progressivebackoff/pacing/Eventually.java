package dev.progressivebackoff.pacing;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/** Waits in real time, briefly, for other threads to reach a state; fails after 20 s. */
final class Eventually {

    private static final long PATIENCE_NANOS = TimeUnit.SECONDS.toNanos(20);

    private Eventually() {
    }

    /** Returns once {@code condition} holds; fails with {@code what} otherwise. */
    static void until(BooleanSupplier condition, Supplier<String> what) {
        long giveUp = System.nanoTime() + PATIENCE_NANOS;
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() - giveUp > 0) {
                throw new AssertionError("timed out waiting until " + what.get());
            }
            LockSupport.parkNanos(100_000);
        }
    }
}
