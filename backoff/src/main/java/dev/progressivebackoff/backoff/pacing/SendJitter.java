package dev.progressivebackoff.backoff.pacing;

import java.util.concurrent.atomic.AtomicLong;

/**
 * How late this machine puts a granted request on the wire, and the spacing margin that follows from it.
 * The slowest recent delay between a grant and its sending (a maximum that forgets 1/16 of itself with each
 * request) is how much later than its stamp a request may really be written: on a loaded machine the
 * thread that stamped it can be descheduled for milliseconds, and the next request, written promptly, then
 * arrives early. The margin is the larger of {@link WindowRules#margin} and that delay, at most a tenth of
 * the spacing. Thread-safe; used by the local and the Redis pacer alike.
 */
public final class SendJitter {

    /** The measured delay widens the spacing by at most 1/this of it. */
    static final long MAX_SHARE = 10;

    /** The measured delay forgets 1/this of itself with each request sent. */
    static final long DECAY = 16;

    private final AtomicLong slowest = new AtomicLong();

    /** Records that a request went on the wire {@code delayNanos} after its grant (not a first request). */
    public void record(long delayNanos) {
        long delay = Math.max(0, delayNanos);
        slowest.updateAndGet(previous -> Math.max(delay, previous - previous / DECAY));
    }

    /** The margin to add to an exact spacing of {@code exactNanos}. */
    public long margin(long exactNanos) {
        return Math.max(WindowRules.margin(exactNanos), Math.min(slowest.get(), exactNanos / MAX_SHARE));
    }

    /** The slowest recent delay, decayed, in nanoseconds. */
    public long slowest() {
        return slowest.get();
    }
}
