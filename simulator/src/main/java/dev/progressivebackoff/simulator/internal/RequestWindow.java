package dev.progressivebackoff.simulator.internal;

import java.time.Duration;
import java.util.ArrayDeque;

/**
 * One API key's limits: at most {@code limit} admitted requests in any sliding window of
 * {@code window}, and at most {@code maxConcurrency} in flight. Refused requests do not count.
 * Thread-safe; time is passed in as monotonic nanoseconds.
 */
public final class RequestWindow {

    private final int limit;
    private final long windowNanos;
    private final int maxConcurrency;
    private final ArrayDeque<Long> admittedAt = new ArrayDeque<>();
    private int inFlight;

    /** A window admitting {@code limit} requests per {@code window}, {@code maxConcurrency} at once. */
    public RequestWindow(int limit, Duration window, int maxConcurrency) {
        if (limit <= 0 || maxConcurrency <= 0 || window.isNegative() || window.isZero()) {
            throw new IllegalArgumentException("limit, window and concurrency must be positive");
        }
        this.limit = limit;
        this.windowNanos = window.toNanos();
        this.maxConcurrency = maxConcurrency;
    }

    /** Admits the request arriving at {@code nowNanos} if every limit allows it; call {@link #release} after. */
    public synchronized Admission tryAdmit(long nowNanos) {
        while (!admittedAt.isEmpty() && nowNanos - admittedAt.peekFirst() >= windowNanos) {
            admittedAt.pollFirst();
        }
        if (admittedAt.size() >= limit) {
            Duration reset = resetAt(nowNanos);
            return new Admission(Admission.Verdict.OVER_RPM, 0, reset, reset);
        }
        if (inFlight >= maxConcurrency) {
            Duration spacing = Duration.ofNanos(Math.max(1, windowNanos / limit));
            return new Admission(
                    Admission.Verdict.OVER_CONCURRENCY, limit - admittedAt.size(), resetAt(nowNanos), spacing);
        }
        admittedAt.addLast(nowNanos);
        inFlight++;
        return new Admission(Admission.Verdict.ADMITTED, limit - admittedAt.size(), resetAt(nowNanos), Duration.ZERO);
    }

    /** The window's state at {@code nowNanos}, without admitting anything (for responses outside the limits). */
    public synchronized Admission peek(long nowNanos) {
        while (!admittedAt.isEmpty() && nowNanos - admittedAt.peekFirst() >= windowNanos) {
            admittedAt.pollFirst();
        }
        return new Admission(Admission.Verdict.ADMITTED, limit - admittedAt.size(), resetAt(nowNanos), Duration.ZERO);
    }

    /** Ends an admitted request. */
    public synchronized void release() {
        if (inFlight > 0) {
            inFlight--;
        }
    }

    /** Requests in flight now. */
    public synchronized int inFlight() {
        return inFlight;
    }

    private Duration resetAt(long nowNanos) {
        if (admittedAt.isEmpty()) {
            return Duration.ZERO;
        }
        return Duration.ofNanos(Math.max(0, admittedAt.peekFirst() + windowNanos - nowNanos));
    }
}
