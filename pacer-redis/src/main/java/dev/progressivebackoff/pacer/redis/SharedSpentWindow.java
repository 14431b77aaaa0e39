package dev.progressivebackoff.pacer.redis;

import dev.progressivebackoff.core.TimeSource;
import dev.progressivebackoff.core.signals.WaitSource;
import dev.progressivebackoff.pacer.redis.internal.ScriptReply;
import dev.progressivebackoff.pacing.WindowHold;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * The hold a spent window imposes on a key, kept in Redis for every process sharing it, as this process last
 * heard of it: every reply of the pacer script carries it, so reading it costs no round trip. It says when
 * starts resume as the server announced it (the shared schedule holds at most the longest hold), for
 * {@link RedisPacer#windowHold()} and to refuse at once a start that the window would hold longer than that.
 * Thread-safe.
 */
final class SharedSpentWindow {

    private final TimeSource time;
    /** The latest word from Redis; null when no window is spent. */
    private volatile Known known;

    SharedSpentWindow(TimeSource time) {
        this.time = Objects.requireNonNull(time, "time");
    }

    /** Takes what {@code reply} says of the spent window (nothing spent clears it). */
    void learn(ScriptReply reply) {
        if (reply.spent() == ScriptReply.Spent.NOTHING || reply.spentForMicros() <= 0) {
            known = null;
            return;
        }
        long left = Math.multiplyExact(reply.spentForMicros(), 1000L);
        known = new Known(time.nanoTime() + left, time.now().plusNanos(left), reasonOf(reply.spent()), sourceOf(reply));
    }

    /** The hold in force now, if any. */
    Optional<WindowHold> current() {
        Known hold = known;
        if (hold == null) {
            return Optional.empty();
        }
        long left = hold.endNanos() - time.nanoTime();
        if (left <= 0) {
            return Optional.empty();
        }
        return Optional.of(new WindowHold(hold.until(), Duration.ofNanos(left), hold.reason(), hold.source()));
    }

    /**
     * Fails when {@code reply} (an acquire the script did not grant) says the spent window lasts longer than
     * {@code maxHold}: nothing is worth sending before its end.
     *
     * @throws dev.progressivebackoff.core.retry.RateLimitedUntilException the window holds longer than the maximum
     */
    void refuseBeyond(ScriptReply reply, Duration maxHold) {
        learn(reply);
        if (!reply.granted() && reply.spentForMicros() > ObservedChanges.cappedMicros(maxHold, maxHold)) {
            Duration left = Duration.ofNanos(Math.multiplyExact(reply.spentForMicros(), 1000L));
            Known hold = known;
            throw new WindowHold(hold.until(), left, hold.reason(), hold.source()).refusal(maxHold);
        }
    }

    private static String reasonOf(ScriptReply.Spent spent) {
        return spent == ScriptReply.Spent.TOKENS ? WindowHold.TOKENS_SPENT : WindowHold.REQUESTS_SPENT;
    }

    private static WaitSource sourceOf(ScriptReply reply) {
        WaitSource fallback = reply.spent() == ScriptReply.Spent.TOKENS
                ? WaitSource.X_RATELIMIT_RESET_TOKENS
                : WaitSource.X_RATELIMIT_RESET_REQUESTS;
        for (WaitSource source : WaitSource.values()) {
            if (source.name().equals(reply.spentSource())) {
                return source;
            }
        }
        return fallback;
    }

    /** A spent window's end: on the local monotonic clock, on the wall clock, why, and who said so. */
    private record Known(long endNanos, Instant until, String reason, WaitSource source) {}
}
