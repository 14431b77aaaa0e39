package dev.progressivebackoff.pacer.redis.internal;

import java.util.Objects;

/**
 * What one observed response changes in the shared state, in one script call.
 *
 * @param recoveryStep    how much of the 429 slow-down a success takes back; 0 for none
 * @param action          what the request window does to the schedule
 * @param firstMicros     the hold ({@link Action#HOLD}) or the spacing ({@link Action#STRETCH})
 * @param secondMicros    how long a stretch lasts ({@link Action#STRETCH})
 * @param tokenHoldMicros a hold until the token window resets; 0 for none
 */
public record ObservedChange(double recoveryStep, Action action, long firstMicros, long secondMicros,
                             long tokenHoldMicros) {

    /** What the request window does to the schedule. */
    public enum Action {
        /** Nothing. */
        NONE,
        /** Nothing remains: hold every start. */
        HOLD,
        /** Few remain: spread the starts over what is left of the window. */
        STRETCH,
        /** Enough remain again: end a stretch. */
        END
    }

    public ObservedChange {
        Objects.requireNonNull(action, "action");
        if (recoveryStep < 0 || firstMicros < 0 || secondMicros < 0 || tokenHoldMicros < 0) {
            throw new IllegalArgumentException("observed changes must not be negative");
        }
    }

    /** True if the change leaves the shared state as it is. */
    public boolean isEmpty() {
        return recoveryStep == 0 && action == Action.NONE && tokenHoldMicros == 0;
    }
}
