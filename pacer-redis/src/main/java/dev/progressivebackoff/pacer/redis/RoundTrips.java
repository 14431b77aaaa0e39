package dev.progressivebackoff.pacer.redis;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

/**
 * How long an ask of Redis takes this process, so that a caller waiting for a start asks one round trip before it
 * is due: the ask then reaches Redis about when the start comes due, instead of a round trip after it (a start is
 * granted only once due, and the next one counts from the grant, so every late ask delays every later start of the
 * key). An ask that arrives early is refused with the little time left, which is then slept whole: one extra ask
 * at most per start, never a spin of asks. Thread-safe.
 */
final class RoundTrips {

    /** Round trips longer than this (a stall, a reconnect) are not what the next ask will take. */
    static final long MAX_NANOS = 5_000_000;

    /** The recent round trip, smoothed: each new one moves it by 1/this of the difference. */
    static final long SMOOTHING = 8;

    private final AtomicLong nanos = new AtomicLong();

    /** An ask took {@code tookNanos}, from sending the script to reading its reply. */
    void record(long tookNanos) {
        long took = Math.max(0, Math.min(MAX_NANOS, tookNanos));
        nanos.updateAndGet(previous -> previous == 0 ? took : previous + (took - previous) / SMOOTHING);
    }

    /** The recent round trip, smoothed (0 before any): how far ahead an ask may be granted its start. */
    Duration recent() {
        return Duration.ofNanos(nanos.get());
    }

    /**
     * How long to sleep before asking again for a start due in {@code wait}: one round trip less, or all of it when it
     * is no longer than a round trip (the ask that learnt it was already the early one).
     */
    Duration askAhead(Duration wait) {
        long roundTrip = nanos.get();
        return wait.toNanos() > roundTrip ? wait.minusNanos(roundTrip) : wait;
    }
}
