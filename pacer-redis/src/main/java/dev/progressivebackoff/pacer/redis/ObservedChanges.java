package dev.progressivebackoff.pacer.redis;

import dev.progressivebackoff.backoff.pacing.WindowRules;
import dev.progressivebackoff.core.signals.RateLimitSignals;
import dev.progressivebackoff.core.signals.ResponseKind;
import dev.progressivebackoff.pacer.redis.internal.ObservedChange;
import java.time.Duration;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * Decides what a response changes in the shared schedule, with the local pacer's rules: nothing remaining
 * holds every start until the reset; when the window is {@linkplain WindowRules#nearlySpent nearly spent}
 * and what remains, plus the one start the reset frees, cannot last at the current rate, starts are spread
 * over the rest of the window, the last on the reset; spent tokens hold until their reset; a success takes
 * back some slow-down.
 */
final class ObservedChanges {

    private ObservedChanges() {
    }

    static ObservedChange of(RateLimitSignals signals, boolean slowedDown, long intervalMicros, Duration maxHold,
                             double recoveryStep) {
        OptionalLong remaining = signals.remainingRequests();
        OptionalLong remainingTokens = signals.remainingTokens();
        boolean tokensSpent = remainingTokens.isPresent() && remainingTokens.getAsLong() <= 0
                && signals.resetTokens().isPresent();
        boolean recovering = slowedDown && signals.classification().kind() == ResponseKind.SUCCESS;
        ObservedChange.Action action = ObservedChange.Action.NONE;
        long first = 0;
        long second = 0;
        if (remaining.isPresent()) {
            long left = remaining.getAsLong();
            Optional<Long> reset = signals.resetRequests().map(duration -> cappedMicros(duration, maxHold));
            if (left <= 0) {
                action = ObservedChange.Action.HOLD;
                first = reset.orElse(intervalMicros);
            } else if (reset.isPresent() && WindowRules.nearlySpent(left, signals)) {
                long spacing = WindowRules.spacingUntilReset(reset.get(), left);
                if (spacing > intervalMicros) {
                    action = ObservedChange.Action.STRETCH;
                    first = spacing;
                    second = reset.get();
                } else {
                    action = ObservedChange.Action.END;
                }
            }
        }
        long tokenHold = tokensSpent ? cappedMicros(signals.resetTokens().get(), maxHold) : 0;
        return new ObservedChange(recovering ? recoveryStep : 0, action, first, second, tokenHold);
    }

    /** {@code duration} in microseconds, cut to {@code maxHold}; 0 if negative. */
    static long cappedMicros(Duration duration, Duration maxHold) {
        if (duration.isNegative()) {
            return 0;
        }
        Duration capped = duration.compareTo(maxHold) >= 0 ? maxHold : duration;
        return capped.toNanos() / 1000;
    }
}
