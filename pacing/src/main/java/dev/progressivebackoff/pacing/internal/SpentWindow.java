package dev.progressivebackoff.pacing.internal;

import dev.progressivebackoff.core.signals.RateLimitSignals;
import dev.progressivebackoff.core.signals.ServerHint;
import dev.progressivebackoff.core.signals.WaitSource;
import dev.progressivebackoff.pacing.WindowHold;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * The hold a spent window imposes, as the server announced it (not cut to the pacer's maximum hold): what is
 * spent, which header said so, and when it resets. Not thread-safe: the pacer's lock guards it. Times are
 * {@code TimeSource.nanoTime()} readings.
 */
final class SpentWindow {

    /** The longest reset kept: ten years (a reset beyond is refused all the same, and nanoTime sums stay safe). */
    private static final long LONGEST_NANOS = Duration.ofDays(3653).toNanos();

    static final String REQUESTS = WindowHold.REQUESTS_SPENT;
    static final String TOKENS = WindowHold.TOKENS_SPENT;

    private long end;
    private String reason;
    private WaitSource source = WaitSource.X_RATELIMIT_RESET_REQUESTS;

    /** A reset in nanoseconds from now, not negative, at most {@link #LONGEST_NANOS}. */
    static long nanos(Duration reset) {
        if (reset.isNegative()) {
            return 0;
        }
        return reset.compareTo(Duration.ofNanos(LONGEST_NANOS)) >= 0 ? LONGEST_NANOS : reset.toNanos();
    }

    /** {@code nanos} from now, not negative, at most {@link #LONGEST_NANOS}. */
    static long clamp(long nanos) {
        return Math.max(0, Math.min(nanos, LONGEST_NANOS));
    }

    /** The header family that announced the reset in {@code signals}: its strongest hint, else {@code fallback}. */
    static WaitSource sourceOf(RateLimitSignals signals, WaitSource fallback) {
        return signals.preferredHint().map(ServerHint::source).orElse(fallback);
    }

    /** Starts are held until {@code until} because {@code why}; a later hold in force is kept. */
    void holdUntil(long until, long now, String why, WaitSource announcedBy) {
        if (reason == null || end - now <= 0 || until - end > 0) {
            end = until;
            reason = why;
            source = announcedBy;
        }
    }

    /** Nanoseconds until the hold ends; 0 when none is in force. */
    long heldFor(long now) {
        return reason == null ? 0 : Math.max(0, end - now);
    }

    /** The hold in force at {@code now} ({@code wallNow} on the wall clock), if any. */
    Optional<WindowHold> at(long now, Instant wallNow) {
        long left = heldFor(now);
        if (left <= 0) {
            return Optional.empty();
        }
        return Optional.of(new WindowHold(wallNow.plusNanos(left), Duration.ofNanos(left), reason, source));
    }
}
