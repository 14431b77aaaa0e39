package dev.progressivebackoff.pacing.internal;

import dev.progressivebackoff.core.signals.RateLimitSignals;
import dev.progressivebackoff.core.signals.RequestQuota;
import dev.progressivebackoff.pacing.WindowRules;
import java.time.Duration;
import java.util.Optional;
import java.util.TreeSet;

/**
 * What a server's announced {@code remaining} counts allow a pacer: how many more requests may start at once,
 * and when the window they belong to ends. Grants are numbered; a response to grant {@code n} saying
 * {@code remaining = r} allows grants up to {@code n + r}, less the older grants still in flight (the server
 * may count them after {@code n}). Not thread-safe: the pacer's lock guards it. Times are
 * {@code TimeSource.nanoTime()} readings.
 */
final class WindowCount {

    private final TreeSet<Long> inFlight = new TreeSet<>();
    private long granted;
    private long countedUpTo;
    private long newestObserved;
    private boolean trusted = true;
    private boolean lastGrantCounted;
    private long windowEnd;
    private boolean windowEndKnown;
    private long resetAt;
    private boolean resetKnown;

    /** True while the newest count allows another start at once. */
    boolean hasCount() {
        return trusted && granted < countedUpTo;
    }

    /** How many grants were made. */
    long granted() {
        return granted;
    }

    /** Numbers a new grant; returns its number. */
    long grant() {
        lastGrantCounted = hasCount();
        granted++;
        inFlight.add(granted);
        return granted;
    }

    /** Grant {@code sequence} has ended. */
    void finished(long sequence) {
        inFlight.remove(sequence);
    }

    /**
     * Learns from the response to grant {@code sequence}, sent at {@code sentAt}: its count, and the end of
     * its window. The end is the announced reset, but no later than one window after the window's first
     * request was sent (a response with {@code remaining} one below the quota names it): a reset announced in
     * whole seconds (IETF {@code t}, rounded up) is an upper bound, and a window that starts with its first
     * request ends one window length after it.
     *
     * @return nanoseconds from {@code now} until the window ends, when known
     */
    Optional<Long> observe(long sequence, long sentAt, long remaining, RateLimitSignals signals, long now) {
        Optional<RequestQuota> quota = signals.requestQuota();
        if (quota.isPresent() && remaining == quota.get().limit() - 1) {
            long length = quota.get().window().toNanos();
            windowEnd = sentAt + length + WindowRules.margin(length);
            windowEndKnown = true;
        }
        Optional<Long> end = signals.resetRequests().map(Duration::toNanos).map(reset -> now + Math.max(0, reset));
        if (windowEndKnown && windowEnd - now > 0) {
            end = Optional.of(end.filter(announced -> announced - windowEnd < 0).orElse(windowEnd));
        } else {
            windowEndKnown = false;
        }
        end.ifPresent(at -> {
            resetAt = at;
            resetKnown = true;
        });
        if (trusted && sequence >= newestObserved) {
            newestObserved = sequence;
            countedUpTo = sequence + remaining - inFlight.headSet(sequence).size();
        }
        return end.map(at -> at - now);
    }

    /** When the newest observed window ends, if known and still ahead of {@code now}. */
    Optional<Long> resetAt(long now) {
        return resetKnown && resetAt - now > 0 ? Optional.of(resetAt) : Optional.empty();
    }

    /**
     * A 429 arrived: if starts were being let through on a count, the server's counts cannot be trusted (it
     * enforces a shorter window than it announces, or others spend the same quota), so they are ignored from
     * now on and the pacer spaces starts at the quota.
     */
    void rateLimited() {
        if (lastGrantCounted || hasCount()) {
            trusted = false;
            countedUpTo = 0;
        }
    }
}
