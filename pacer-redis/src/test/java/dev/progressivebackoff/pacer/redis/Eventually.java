package dev.progressivebackoff.pacer.redis;

import java.util.function.BooleanSupplier;

/** Waits, spinning, until a condition another thread brings about holds; fails after 10 s. */
final class Eventually {

    private static final long PATIENCE_NANOS = 10_000_000_000L;

    private Eventually() {
    }

    static void holds(BooleanSupplier condition) {
        long deadline = System.nanoTime() + PATIENCE_NANOS;
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() - deadline > 0) {
                throw new AssertionError("the condition did not hold within 10 s");
            }
            Thread.onSpinWait();
        }
    }
}
