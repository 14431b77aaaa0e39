package dev.progressivebackoff.core;

import java.time.Duration;
import java.util.concurrent.locks.LockSupport;

/**
 * Waits in real time, interruptibly, to a fraction of a millisecond: never less than asked, and on Linux
 * typically some 50–100 µs more. {@code Thread.sleep} would not do: on JDK 17 it rounds any fraction of a
 * millisecond up to a whole one, so a pacer waking for a start due in 40.3 ms woke 0.7 ms late, and a
 * schedule that counts each start from when it really happened (the Redis pacer's) carried that lateness
 * into every start after it.
 */
public enum SystemSleeper implements Sleeper {
    /** The only instance; stateless. */
    INSTANCE;

    @Override
    public void sleep(Duration duration) throws InterruptedException {
        if (Thread.interrupted()) {
            throw new InterruptedException("interrupted before waiting");
        }
        if (duration.isNegative() || duration.isZero()) {
            return;
        }
        long start = System.nanoTime();
        long nanos = saturatedNanos(duration);
        for (long left = nanos; left > 0; left = nanos - (System.nanoTime() - start)) {
            LockSupport.parkNanos(this, left); // may return early (spuriously): the loop waits the rest
            if (Thread.interrupted()) {
                throw new InterruptedException("interrupted while waiting");
            }
        }
    }

    private static long saturatedNanos(Duration duration) {
        try {
            return duration.toNanos();
        } catch (ArithmeticException tooLong) {
            return Long.MAX_VALUE;
        }
    }
}
