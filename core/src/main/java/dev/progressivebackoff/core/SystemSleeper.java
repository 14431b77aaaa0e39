package dev.progressivebackoff.core;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

/** Waits in real time, interruptibly. */
public enum SystemSleeper implements Sleeper {
    /** The only instance; stateless. */
    INSTANCE;

    @Override
    public void sleep(Duration duration) throws InterruptedException {
        if (duration.isNegative() || duration.isZero()) {
            if (Thread.interrupted()) {
                throw new InterruptedException("interrupted before waiting");
            }
            return;
        }
        TimeUnit.NANOSECONDS.sleep(saturatedNanos(duration));
    }

    private static long saturatedNanos(Duration duration) {
        try {
            return duration.toNanos();
        } catch (ArithmeticException tooLong) {
            return Long.MAX_VALUE;
        }
    }
}
