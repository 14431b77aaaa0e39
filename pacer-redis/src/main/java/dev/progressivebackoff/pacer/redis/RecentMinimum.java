package dev.progressivebackoff.pacer.redis;

import java.util.concurrent.locks.ReentrantLock;

/**
 * The smallest of the last {@value #SAMPLES} values recorded (0 before any). Keeping only recent values follows
 * what drifts: a clock's offset, a machine's load. Thread-safe.
 */
final class RecentMinimum {

    /** How many recent values the smallest is chosen from. */
    static final int SAMPLES = 16;

    private final long[] values = new long[SAMPLES];
    private final ReentrantLock lock = new ReentrantLock();
    private int recorded;

    /** Records {@code value} and returns the smallest recent value, {@code value} included. */
    long record(long value) {
        lock.lock();
        try {
            values[recorded % SAMPLES] = value;
            recorded = recorded == Integer.MAX_VALUE ? SAMPLES : recorded + 1;
            return smallest();
        } finally {
            lock.unlock();
        }
    }

    /**
     * The smallest of the last {@value #SAMPLES} values, once that many were recorded; 0 before (the smallest of a
     * few is no bound on the next).
     */
    long ofFullWindow() {
        lock.lock();
        try {
            return recorded < SAMPLES ? 0 : smallest();
        } finally {
            lock.unlock();
        }
    }

    private long smallest() {
        long smallest = Long.MAX_VALUE;
        for (int i = 0, n = Math.min(recorded, SAMPLES); i < n; i++) {
            smallest = Math.min(smallest, values[i]);
        }
        return smallest;
    }
}
