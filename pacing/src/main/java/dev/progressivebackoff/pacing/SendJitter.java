package dev.progressivebackoff.pacing;

import java.util.concurrent.atomic.AtomicLong;

/**
 * How unevenly this machine puts granted requests on the wire, and the spacing margin that follows from it.
 * A pacer counts each start from the moment the request is stamped as sent ({@link Permit#markSent()}), but
 * the bytes are written a little later, and on a loaded machine the writing thread can be descheduled for
 * milliseconds in between: the request after it, written promptly, then reaches the server early. That gap
 * cannot be seen, but the delay between a grant and its stamp suffers the same scheduling, so its jitter
 * stands for it: the largest recent change of that delay from one request to the next (a maximum that
 * forgets 1/16 of itself with each request). A delay that is long but steady (building a large body) is no
 * jitter. The margin is the larger of {@link WindowRules#margin} and that jitter, at most a tenth of the
 * spacing. Thread-safe; used by the local and the Redis pacer alike.
 */
public final class SendJitter {

    /** The measured delay widens the spacing by at most 1/this of it. */
    static final long MAX_SHARE = 10;

    /** The measured delay forgets 1/this of itself with each request sent. */
    static final long DECAY = 16;

    private final AtomicLong jitter = new AtomicLong();
    private final AtomicLong lastDelay = new AtomicLong(-1);

    /** Records that a request went on the wire {@code delayNanos} after its grant (not a first request). */
    public void record(long delayNanos) {
        long delay = Math.max(0, delayNanos);
        long last = lastDelay.getAndSet(delay);
        long change = last < 0 ? 0 : Math.abs(delay - last);
        jitter.updateAndGet(previous -> Math.max(change, previous - previous / DECAY));
    }

    /** The margin to add to an exact spacing of {@code exactNanos}. */
    public long margin(long exactNanos) {
        return Math.max(WindowRules.margin(exactNanos), Math.min(jitter.get(), exactNanos / MAX_SHARE));
    }

    /** The largest recent change of the send delay, decayed, in nanoseconds. */
    public long jitter() {
        return jitter.get();
    }
}
