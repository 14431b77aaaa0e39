package dev.progressivebackoff.pacer.redis;

import dev.progressivebackoff.core.signals.RateLimitSignals;
import dev.progressivebackoff.core.signals.RequestQuota;
import dev.progressivebackoff.core.signals.ResponseKind;
import dev.progressivebackoff.core.signals.ServerHint;
import dev.progressivebackoff.core.signals.WaitSource;
import dev.progressivebackoff.pacer.redis.internal.ObservedChange;
import dev.progressivebackoff.pacing.WindowRules;
import java.time.Duration;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * Reads what a response tells the shared schedule; the script applies the local pacer's rules to it, on the
 * state every process shares: nothing remaining holds every start until the window's end; when the window is
 * {@linkplain WindowRules#nearlySpent nearly spent} and what remains, plus the one start the reset frees,
 * cannot last at the current rate, starts are spread over the rest of the window, the last on its end; spent
 * tokens hold until their reset; a success takes back some slow-down. Given the grant the response answers,
 * its {@code remaining} count is also spent at once by every process, and a response naming the first
 * request of a window ({@code remaining} one below the quota) dates the window's end from when that request
 * was sent.
 */
final class ObservedChanges {

    /** The longest reset kept whole: ten years (a reset beyond is refused all the same), as the local pacer keeps. */
    static final Duration LONGEST_RESET = Duration.ofDays(3653);

    private ObservedChanges() {}

    /**
     * What {@code signals} change.
     *
     * @param recovering   true while a success would still take back some slow-down
     * @param maxHold      the longest hold a header may impose
     * @param sequence     the number of the grant the response answers; 0 when unknown
     * @param sentAtMicros when that grant's request was sent, on the Redis clock (ignored when unknown)
     */
    static ObservedChange of(
            RateLimitSignals signals, boolean recovering, Duration maxHold, long sequence, long sentAtMicros) {
        OptionalLong remaining = signals.remainingRequests();
        OptionalLong remainingTokens = signals.remainingTokens();
        boolean tokensSpent = remainingTokens.isPresent()
                && remainingTokens.getAsLong() <= 0
                && signals.resetTokens().isPresent();
        boolean recover = recovering && signals.classification().kind() == ResponseKind.SUCCESS;
        long left = remaining.isPresent() ? Math.max(0, remaining.getAsLong()) : -1;
        long reset = left >= 0
                ? signals.resetRequests()
                        .map(duration -> cappedMicros(duration, maxHold))
                        .orElse(-1L)
                : -1;
        boolean nearlySpent = left >= 0 && WindowRules.nearlySpent(left, signals);
        long windowEnd = 0;
        Optional<RequestQuota> quota = signals.requestQuota();
        if (sequence > 0 && quota.isPresent() && left == quota.get().limit() - 1) {
            long length = quota.get().window().toNanos();
            windowEnd = sentAtMicros + ceilMicros(length + WindowRules.margin(length));
        }
        long tokenHold = tokensSpent ? cappedMicros(signals.resetTokens().get(), maxHold) : 0;
        long uncutReset = left >= 0
                ? signals.resetRequests().map(ObservedChanges::uncutMicros).orElse(-1L)
                : -1;
        long uncutTokenReset = tokensSpent ? uncutMicros(signals.resetTokens().get()) : 0;
        return new ObservedChange(
                recover,
                left,
                reset,
                nearlySpent,
                sequence,
                windowEnd,
                cappedMicros(maxHold, maxHold),
                tokenHold,
                uncutReset,
                sourceOf(signals, WaitSource.X_RATELIMIT_RESET_REQUESTS),
                uncutTokenReset,
                sourceOf(signals, WaitSource.X_RATELIMIT_RESET_TOKENS));
    }

    /** {@code duration} in microseconds, at most {@link #LONGEST_RESET} (so Redis's sums stay exact); 0 if negative. */
    static long uncutMicros(Duration duration) {
        return cappedMicros(duration, LONGEST_RESET);
    }

    /** The name of the header family that announced a reset in {@code signals}: its strongest hint, else {@code fallback}. */
    private static String sourceOf(RateLimitSignals signals, WaitSource fallback) {
        return signals.preferredHint().map(ServerHint::source).orElse(fallback).name();
    }

    /** {@code duration} in microseconds, cut to {@code maxHold}; 0 if negative. */
    static long cappedMicros(Duration duration, Duration maxHold) {
        if (duration.isNegative()) {
            return 0;
        }
        Duration capped = duration.compareTo(maxHold) >= 0 ? maxHold : duration;
        return capped.toNanos() / 1000;
    }

    /** {@code nanos} in microseconds, rounded up. */
    static long ceilMicros(long nanos) {
        return (nanos + 999) / 1000;
    }
}
